/* html.c: index.html, self-contained: every SVG inline (ids prefixed per figure so they cannot clash),
 * styles inline, no script, no network; links to each figure's .svg, .gp and .dat beside it. */
#include <stdlib.h>
#include <string.h>
#include "report.h"

static void esc(FILE *o, const char *s)
{
    wt__html_esc(o, s, 0);
}

static char *slurp(const char *dir, const char *name)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *b = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    if (b)
        b[n] = 0;
    fclose(f);
    return b;
}

/* Copy the <svg> element of dir/name into o with every id and local reference prefixed. */
static int inline_svg(FILE *o, const char *dir, const char *name, const char *prefix)
{
    char *b = slurp(dir, name), *s = b ? strstr(b, "<svg") : NULL;
    if (!s) {
        free(b);
        return -1;
    }
    static const char *const pats[] = {"id='", "id=\"", "href='#", "href=\"#", "url(#"};
    int in_viewbox = 0;
    while (*s) {
        size_t k;
        for (k = 0; k < 5; k++) /* first letters first: strlen at every byte of a big SVG showed in profiles */
            if (*s == pats[k][0] && !strncmp(s, pats[k], strlen(pats[k])) &&
                (k >= 2 || s == b || s[-1] == ' ' || s[-1] == '\t'))
                break;
        if (k < 5) {
            fputs(pats[k], o);
            fputs(prefix, o);
            s += strlen(pats[k]);
            continue;
        }
        if (!strncmp(s, "viewBox=", 8))
            in_viewbox = 1;
        if (in_viewbox && !strncmp(s, "px", 2)) { /* lstopo writes viewBox='0 0 322px 324px' */
            s += 2;
            continue;
        }
        if (in_viewbox && (*s == '\'' || *s == '"') && s[-1] != '=')
            in_viewbox = 0;
        fputc(*s++, o);
    }
    free(b);
    return 0;
}

static const char *section_title(const char *s)
{
    return !strcmp(s, "spawn") ? "Starting a worker (spawn)"
           : !strcmp(s, "msg") ? "Messages between workers (msg)"
           : !strcmp(s, "xfer") ? "Transfer or copy (xfer)"
           : !strcmp(s, "pool") ? "Pool or worker per request (pool)"
                                : s;
}

static void env_table(FILE *o, const wt_results *R)
{
    fputs("<table><tr><th>key</th>", o);
    for (int f = 0; f < R->nf; f++) {
        fputs("<th>", o);
        esc(o, R->f[f].label);
        fputs("</th>", o);
    }
    fputs("</tr>\n", o);
    static const char *const gb[] = {"host_name", "date", "num_cpus", "mhz_per_cpu", "cpu_scaling_enabled",
                                     "library_build_type", NULL};
    json_t *keys = json_object();
    for (int i = 0; gb[i]; i++)
        json_object_set_new(keys, gb[i], json_true());
    for (int f = 0; f < R->nf; f++) {
        const char *k;
        json_t *v;
        json_object_foreach(R->f[f].ctx, k, v)
            if (!strncmp(k, "wt_", 3))
                json_object_set_new(keys, k, json_true());
    }
    const char *k;
    json_t *unused;
    json_object_foreach(keys, k, unused) {
        fprintf(o, "<tr%s><td>", !strcmp(k, "wt_warnings") ? " class=\"warn\"" : "");
        esc(o, k);
        fputs("</td>", o);
        for (int f = 0; f < R->nf; f++) {
            json_t *v = json_object_get(R->f[f].ctx, k);
            char *d = v ? (json_is_string(v) ? strdup(json_string_value(v)) : json_dumps(v, JSON_ENCODE_ANY)) : NULL;
            fputs("<td>", o);
            wt__html_esc(o, d ? d : "", !strcmp(k, "wt_warnings")); /* one warning a line */
            fputs("</td>", o);
            free(d);
        }
        fputs("</tr>\n", o);
    }
    json_decref(keys);
    fputs("</table>\n", o);
}

int wt__html_write(const wt_results *R, const char *dir, const wt_figlist *L, const char *machine_note)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/index.html", dir);
    FILE *o = fopen(p, "w");
    if (!o)
        return -1;
    const char *host = wt__ctx(R, 0, "host_name");
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>wtbench report: ", o);
    esc(o, host ? host : "?");
    fputs("</title>\n<style>\nbody{font-family:sans-serif;max-width:1100px;margin:1em auto;padding:0 1em;color:#222}\n"
          "figure{margin:1.5em 0;border-top:1px solid #ddd;padding-top:.5em}\nfigure svg{width:100%;height:auto;"
          "max-width:1000px}\n#fig-machine svg{width:640px}\nfigcaption{font-size:90%;color:#444}\ntable{border-collapse:collapse;font-size:85%}\n"
          "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top;white-space:pre-wrap}\n"
          "tr.warn td{background:#fff3cd}\npre{background:#f6f6f6;padding:1em;white-space:pre-wrap}\n"
          ".note{color:#a00}\n</style>\n</head>\n<body>\n<h1>wtbench report</h1>\n<p>Results:", o);
    for (int i = 0; i < R->nf; i++) {
        fputs(i ? ", <code>" : " <code>", o);
        esc(o, R->f[i].path);
        fputs("</code>", o);
        if (R->nf > 1) {
            fputs(" (", o);
            esc(o, R->f[i].label);
            fputs(")", o);
        }
    }
    fputs(". Computed findings: <a href=\"findings.md\">findings.md</a> (also <a href=\"#findings\">below</a>)."
          " Each figure links its gnuplot script and data, kept so you can restyle it.</p>\n<nav><ul>\n", o);
    static const char *const secs[] = {"spawn", "msg", "xfer", "pool"};
    for (int s = 0; s < 4; s++)
        for (int i = 0; i < L->n; i++)
            if (!strcmp(L->v[i].section, secs[s])) {
                fprintf(o, "<li><a href=\"#%s\">%s</a></li>\n", secs[s], section_title(secs[s]));
                break;
            }
    fputs("<li><a href=\"#machine\">The machine</a></li>\n<li><a href=\"#findings\">Findings</a></li>\n</ul></nav>\n", o);
    for (int s = 0; s < 4; s++) {
        int open = 0;
        for (int i = 0; i < L->n; i++) {
            const wt_figout *f = &L->v[i];
            if (strcmp(f->section, secs[s]))
                continue;
            if (!open++)
                fprintf(o, "<section id=\"%s\">\n<h2>%s</h2>\n", secs[s], section_title(secs[s]));
            char svg[128], prefix[128];
            snprintf(svg, sizeof svg, "%s.svg", f->id);
            snprintf(prefix, sizeof prefix, "%s-", f->id);
            fprintf(o, "<figure id=\"fig-%s\">\n", f->id);
            int drawn = inline_svg(o, dir, svg, prefix) == 0;
            fputs("\n<figcaption><b>", o);
            esc(o, f->title);
            fputs("</b>", o);
            if (*f->note) {
                fputs(drawn ? ". " : ". <span class=\"note\">", o);
                esc(o, f->note);
                fputs(drawn ? "" : "</span>", o);
            }
            if (drawn)
                fprintf(o, " [<a href=\"%s.svg\">svg</a>", f->id);
            fprintf(o, "%s<a href=\"%s.gp\">gnuplot</a> · <a href=\"%s.dat\">data</a>]</figcaption>\n</figure>\n",
                    drawn ? " · " : " [", f->id, f->id);
        }
        if (open)
            fputs("</section>\n", o);
    }
    fputs("<section id=\"machine\">\n<h2>The machine</h2>\n<figure id=\"fig-machine\">\n", o);
    int pic = inline_svg(o, dir, "machine.svg", "machine-") == 0;
    fputs("\n<figcaption>", o);
    esc(o, machine_note);
    if (pic)
        fputs(" [<a href=\"machine.svg\">svg</a>]", o);
    fputs("</figcaption>\n</figure>\n<h3>Environment and noise warnings</h3>\n", o);
    env_table(o, R);
    fputs("</section>\n<section id=\"findings\">\n<h2>Findings</h2>\n<pre>", o);
    char *md = slurp(dir, "findings.md");
    wt__html_esc(o, md ? md : "findings.md missing", 1);
    free(md);
    fputs("</pre>\n</section>\n</body>\n</html>\n", o);
    return fclose(o) == 0 ? 0 : -1;
}
