/* md.c: findings.md as HTML for the page: the subset of markdown findings.c writes (headings, list
 * items with their indented continuation lines, paragraphs, **bold**, code spans of any fence, and
 * links), every character of text escaped. A link becomes an <a> only when its target is one the
 * report writes (index.html#fig-ID becomes #fig-ID, changes.md, findings.md); anything else stays
 * text. The inputs reach findings.md only through wt__md, as plain text or code spans, so they can
 * never open markup here. No timing here. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

static void esc_n(FILE *o, const char *s, size_t n)
{
    char *t = malloc(n + 1);
    if (!t)
        return;
    memcpy(t, s, n);
    t[n] = 0;
    wt__html_esc(o, t, 0);
    free(t);
}

/* A code span at s (a run of backticks): its length in the source, or 0 when it is not closed. */
static size_t code_span(FILE *o, const char *s, const char *end)
{
    size_t k = strspn(s, "`");
    for (const char *p = s + k; p < end;) {
        const char *q = memchr(p, '`', (size_t)(end - p));
        if (!q)
            return 0;
        size_t r = strspn(q, "`");
        if (r == k) {
            const char *a = s + k, *b = q;
            if (b - a >= 2 && a[0] == ' ' && b[-1] == ' ')
                a++, b--;
            if (o) {
                fputs("<code>", o);
                esc_n(o, a, (size_t)(b - a));
                fputs("</code>", o);
            }
            return (size_t)(q + r - s);
        }
        p = q + r;
    }
    return 0;
}

/* A link target the page may point to: the href written into href, or 0. */
static int safe_target(const char *u, size_t n, char *href, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)u[i]) && !strchr("_-.#", u[i]))
            return 0;
    if (n > 16 && !strncmp(u, "index.html#fig-", 15)) {
        snprintf(href, len, "%.*s", (int)(n - 10), u + 10);
        return 1;
    }
    if ((n == 10 && !strncmp(u, "changes.md", 10)) || (n == 11 && !strncmp(u, "findings.md", 11))) {
        snprintf(href, len, "%.*s", (int)n, u);
        return 1;
    }
    return 0;
}

static void inline_md(FILE *o, const char *s, const char *end)
{
    int bold = 0;
    const char *run = s;
    while (s < end) {
        size_t n;
        if (*s == '`' && (n = code_span(NULL, s, end))) {
            esc_n(o, run, (size_t)(s - run));
            code_span(o, s, end);
            s += n, run = s;
        } else if (s[0] == '*' && s + 1 < end && s[1] == '*') {
            esc_n(o, run, (size_t)(s - run));
            fputs(bold ? "</b>" : "<b>", o);
            bold = !bold;
            s += 2, run = s;
        } else if (*s == '[') {
            const char *p = s + 1; /* the closing bracket, past code spans */
            while (p < end && *p != ']')
                p += *p == '`' && (n = code_span(NULL, p, end)) ? n : 1;
            const char *u = p + 2, *ue = u;
            while (ue < end && *ue != ')')
                ue++;
            char href[128];
            if (p + 1 < end && p[1] == '(' && ue < end && safe_target(u, (size_t)(ue - u), href, sizeof href)) {
                esc_n(o, run, (size_t)(s - run));
                fprintf(o, "<a href=\"%s\">", href);
                inline_md(o, s + 1, p);
                fputs("</a>", o);
                s = ue + 1, run = s;
            } else {
                s++;
            }
        } else {
            s++;
        }
    }
    esc_n(o, run, (size_t)(s - run));
    if (bold)
        fputs("</b>", o);
}

static void close_block(FILE *o, int *in)
{
    static const char *const end[] = {"", "</p>\n", "</ul>\n", "</ol>\n", "</ul></details>\n"};
    fputs(end[*in], o);
    *in = 0;
}

/* List items from l to the next blank line. */
static int items(const char *l)
{
    int n = 0;
    while (l[0] == '-' && l[1] == ' ') {
        n++;
        l += strcspn(l, "\n");
        l += *l == '\n';
        while (!strncmp(l, "   ", 3)) { /* continuation lines */
            l += strcspn(l, "\n");
            l += *l == '\n';
        }
    }
    return n;
}

int wt__md_html(FILE *o, const char *md)
{
    enum { NONE, PARA, UL, OL, LONG /* a long list, folded */ };
    int in = NONE, item = 0; /* the open block; inside an open <li> */
    for (const char *l = md; l && *l;) {
        size_t n = strcspn(l, "\n"), skip = 0;
        const char *e = l + n;
        int num = 0;
        if (n && isdigit((unsigned char)*l)) {
            skip = strspn(l, "0123456789");
            num = l[skip] == '.' && l[skip + 1] == ' ' ? atoi(l) : 0;
            skip = num ? skip + 2 : 0;
        }
        int bullet = n >= 2 && l[0] == '-' && l[1] == ' ', cont = item && n > 3 && !strncmp(l, "   ", 3);
        if (cont) { /* an item's continuation line */
            fputs("<br>", o);
            inline_md(o, l + 3, e);
            l = *e ? e + 1 : e;
            continue;
        }
        if (item)
            fputs("</li>\n", o), item = 0;
        if (n == 0 || *l == '#' || num || (bullet && in != UL && in != LONG) || (!bullet && !num && in != PARA))
            close_block(o, &in); /* a numbered item is a list of its own: claims skip numbers */
        if (n == 0) {
        } else if (*l == '#') {
            size_t h = strspn(l, "#");
            if (h > 1) { /* the file's own title (#) is the section's heading on the page */
                fprintf(o, "<h%zu>", h + 1);
                inline_md(o, l + h + (l[h] == ' '), e);
                fprintf(o, "</h%zu>\n", h + 1);
            }
        } else if (bullet || num) {
            int many = in == NONE && bullet ? items(l) : 0;
            if (in == NONE && many > 12)
                fprintf(o, "<details><summary>%d items</summary><ul>\n", many);
            else if (in == NONE)
                num ? fprintf(o, "<ol start=\"%d\">\n", num) : fputs("<ul>\n", o);
            in = num ? OL : many > 12 ? LONG : in == LONG ? LONG : UL;
            fputs("<li>", o);
            item = 1;
            inline_md(o, l + (num ? skip : 2), e);
        } else {
            fputs(in == NONE ? "<p>" : " ", o);
            in = PARA;
            inline_md(o, l, e);
        }
        l = *e ? e + 1 : e;
    }
    if (item)
        fputs("</li>\n", o);
    close_block(o, &in);
    return 0;
}
