/* quote.c: every string the report writes from its inputs (result names, parameter values, context
 * values, warnings, file labels and paths, titles) goes through one of these, quoted for the
 * language of the file it lands in, so that a name is always data and never code: a gnuplot string
 * literal, a .dat string column or comment, HTML text, markdown. Characters that cannot be drawn as
 * they are (control bytes, broken UTF-8) are shown as escapes (\n, \x01). No timing here. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "esc.h"
#include "report.h"

/* Inside '...' gnuplot knows only '' (no backslash escapes, no `command` or @macro substitution);
 * a newline would end the command and start the next one, so control bytes become visible text. */
void wt__gp_quote(FILE *g, const char *s)
{
    fputc('\'', g);
    while (s && *s) {
        char e[5];
        int esc;
        s += wt_esc_next(s, e, &esc);
        fputs(!esc && e[0] == '\'' ? "''" : e, g);
    }
    fputc('\'', g);
}

/* In a data file gnuplot reads "..." with C escapes: \\ is a backslash, \042 a double quote, and a
 * control byte's visible escape is written with its backslash doubled so that it shows as text. */
void wt__dat_quote(FILE *d, const char *s)
{
    fputc('"', d);
    while (s && *s) {
        char e[5];
        int esc;
        s += wt_esc_next(s, e, &esc);
        fputs(esc ? "\\\\" : e[0] == '"' ? "\\042" : e[0] == '\\' ? "\\\\" : e, d);
        if (esc)
            fputs(e + 1, d);
    }
    fputc('"', d);
}

void wt__put_esc(FILE *f, const char *s)
{
    while (s && *s) {
        char e[5];
        int esc;
        s += wt_esc_next(s, e, &esc);
        fputs(e, f);
    }
}

/* Text of the page: markup characters as entities, control bytes as visible escapes (\n, \x01);
 * keep_nl keeps newlines and tabs where they separate lines: findings.md (written escaped) and the
 * wt_warnings context value (one warning a line) in a pre-wrap cell. */
void wt__html_esc(FILE *o, const char *s, int keep_nl)
{
    while (s && *s) {
        char e[5];
        int esc, n = wt_esc_next(s, e, &esc);
        if (esc && keep_nl && (*s == '\n' || *s == '\t'))
            fputc(*s, o);
        else if (!esc && strchr("<>&\"'", e[0]))
            fputs(e[0] == '<' ? "&lt;" : e[0] == '>' ? "&gt;" : e[0] == '&' ? "&amp;" : e[0] == '"' ? "&quot;" : "&#39;", o);
        else
            fputs(e, o);
        s += n;
    }
}

/* Markdown: s as it is when every character is plain text there (letters, digits, UTF-8 and
 * " .-:/@+=,#()'\"%;?") and code is 0; else a code span, fenced by one backtick more than s holds in a row and
 * padded when s starts or ends with a backtick or a space, with control bytes shown escaped. */
const char *wt__md(const char *s, int code, char *b, size_t len)
{
    static const char plain[] = " .-:/@+=,#()'\"%;?";
    const char *p = s ? s : "";
    while (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80 || strchr(plain, *p)))
        p++;
    if (!code && s && *s && !*p && strcmp(wt_esc(s, b, len), s) == 0)
        return b;
    if (!s || !*s) {
        snprintf(b, len, "(empty)");
        return b;
    }
    int run = 0, most = 0;
    for (p = s; *p; p++)
        most = (run = *p == '`' ? run + 1 : 0) > most ? run : most;
    char fence[16];
    int nf = most + 1 < (int)sizeof fence ? most + 1 : (int)sizeof fence - 1;
    memset(fence, '`', (size_t)nf);
    fence[nf] = 0;
    size_t n = strlen(s), room = len > 2 * (size_t)nf + 5 ? len - 2 * (size_t)nf - 4 : 1;
    int pad = s[0] == '`' || s[0] == ' ' || s[n - 1] == '`' || s[n - 1] == ' ';
    char *t = malloc(room);
    if (!t) {
        snprintf(b, len, "(out of memory)");
        return b;
    }
    wt_esc(s, t, room);
    snprintf(b, len, "%s%s%s%s%s", fence, pad ? " " : "", t, pad ? " " : "", fence);
    free(t);
    return b;
}
