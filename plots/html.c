/* html.c: index.html, self-contained: every SVG inline (ids prefixed per figure so they cannot clash),
 * styles inline, no script, no network. Top down: the answers (summary.c), the machines side by side
 * (lstopo's picture, environment, noise warnings), with several runs the changes, then a section per
 * family of the table with its figures (each linking its .svg, .gp and .dat), results no family
 * claims, and findings.md rendered (md.c). Everything from the inputs is escaped. */
#include <stdlib.h>
#include <string.h>
#include "report.h"

static void esc(FILE *o, const char *s)
{
    wt__html_esc(o, s, 0);
}

char *wt__slurp(const char *dir, const char *name)
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
int wt__inline_svg(FILE *o, const char *dir, const char *name, const char *prefix)
{
    char *b = wt__slurp(dir, name), *s = b ? strstr(b, "<svg") : NULL;
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

static void env_table(FILE *o, const wt_results *R)
{
    fputs("<table class=\"env\"><tr><th>key</th>", o);
    for (int f = 0; f < R->nf; f++) {
        fputs("<th>", o);
        esc(o, R->f[f].label);
        fputs("</th>", o);
    }
    fputs("</tr>\n", o);
    static const char *const gb[] = {WT_X_HOST, "date", WT_X_NUM_CPUS, "mhz_per_cpu", "cpu_scaling_enabled",
                                     "library_build_type", NULL};
    json_t *keys = json_object();
    for (int i = 0; gb[i]; i++)
        json_object_set_new(keys, gb[i], json_true());
    for (int f = 0; f < R->nf; f++) {
        const char *k;
        json_t *v;
        json_object_foreach(R->f[f].ctx, k, v)
            if (!strncmp(k, WT_X_PREFIX, strlen(WT_X_PREFIX)))
                json_object_set_new(keys, k, json_true());
    }
    const char *k;
    json_t *unused;
    json_object_foreach(keys, k, unused) {
        fprintf(o, "<tr%s><td>", !strcmp(k, WT_X_WARNINGS) ? " class=\"warn\"" : "");
        esc(o, k);
        fputs("</td>", o);
        for (int f = 0; f < R->nf; f++) {
            json_t *v = json_object_get(R->f[f].ctx, k);
            char *d = v ? (json_is_string(v) ? strdup(json_string_value(v)) : json_dumps(v, JSON_ENCODE_ANY)) : NULL;
            int lines = !strcmp(k, WT_X_WARNINGS) || !strcmp(k, WT_X_NOISE), n = 0; /* one a line */
            for (const char *c = d; c && *c; c++)
                n += *c == '\n' || !c[1];
            fputs("<td>", o);
            if (!strcmp(k, WT_X_NOISE) && n > 3)
                fprintf(o, "<details><summary>%d results</summary>", n);
            wt__html_esc(o, d ? d : "", lines);
            fputs(!strcmp(k, WT_X_NOISE) && n > 3 ? "</details></td>" : "</td>", o);
            free(d);
        }
        fputs("</tr>\n", o);
    }
    json_decref(keys);
    fputs("</table>\n", o);
}

static const char style[] =
    "body{font-family:sans-serif;max-width:1100px;margin:1em auto;padding:0 1em;color:#222}\n"
    "figure{margin:1.5em 0;border-top:1px solid #ddd;padding-top:.5em}\nfigure svg{width:100%;height:auto;"
    "max-width:1000px}\n.machines{display:flex;flex-wrap:wrap;gap:1em}\n.machines figure{border:0;margin:0}\n"
    ".machines svg{width:420px;height:auto}\nfigcaption{font-size:90%;color:#444}\n"
    "table{border-collapse:collapse;font-size:85%;margin:.5em 0}\n"
    "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}\n"
    "table.env td{white-space:pre-wrap}\ntr.warn td{background:#fff3cd}\n.note{color:#a00}\n"
    ".v{font-weight:bold;padding:0 4px;border-radius:3px;white-space:nowrap}\n.v.conf{background:#d4edda}"
    ".v.ref{background:#f8d7da}.v.part{background:#fff3cd}.v.inc{background:#e2e3e5}.v.nm{color:#777}\n"
    "table.sum td:first-child{max-width:520px}\n.fam{color:#777}\ntr.slower td{background:#f8d7da}"
    "tr.faster td{background:#d4edda}\ntd.num{text-align:right}\ntd.bad{background:#f8d7da}\n"
    "td.pass{color:#155724;font-weight:bold}td.fail{color:#a00;font-weight:bold}td.skip{color:#777}\n"
    "th.sep,td.sep{border:0;width:1em}\n.md li{margin:.3em 0}\n.q{font-style:italic;color:#444}\n";

static void figure(FILE *o, const char *dir, const wt_figout *f)
{
    char name[128], prefix[128];
    int drawn = 0;
    fprintf(o, "<figure id=\"fig-%s\">\n", f->id);
    if (f->table) {
        snprintf(name, sizeof name, "%s.html", f->id);
        char *t = wt__slurp(dir, name); /* written by stress.c, every input escaped */
        fputs(t ? t : "", o);
        free(t);
        drawn = t != NULL;
    } else if (!f->nodraw) {
        snprintf(name, sizeof name, "%s.svg", f->id);
        snprintf(prefix, sizeof prefix, "%s-", f->id);
        drawn = wt__inline_svg(o, dir, name, prefix) == 0;
    }
    fputs("\n<figcaption><b>", o);
    esc(o, f->title);
    fputs("</b>", o);
    if (*f->note) {
        fputs(drawn ? ". " : ". <span class=\"note\">", o);
        esc(o, f->note);
        fputs(drawn ? "" : "</span>", o);
    }
    if (f->table)
        fprintf(o, " [<a href=\"%s.dat\">data</a>]", f->id);
    else if (!f->nodraw) {
        fputs(" [", o);
        if (drawn)
            fprintf(o, "<a href=\"%s.svg\">svg</a> · ", f->id);
        fprintf(o, "<a href=\"%s.gp\">gnuplot</a> · <a href=\"%s.dat\">data</a>]", f->id, f->id);
    }
    fputs("</figcaption>\n</figure>\n", o);
}

/* The machines: a picture per distinct host (or synthetic topology) lstopo can draw, side by side. */
static void machines(FILE *o, const wt_results *R, const char *dir)
{
    fputs("<section id=\"machine\">\n<h2>The machine", o);
    fputs(R->nf > 1 ? "s, side by side</h2>\n<div class=\"machines\">\n" : "</h2>\n<div class=\"machines\">\n", o);
    for (int f = 0; f < R->nf; f++) {
        const char *h = wt__ctx(R, f, WT_X_HOST), *t = wt__ctx(R, f, WT_X_TOPOLOGY), *sh = wt__ctx(R, f, WT_X_TOPOLOGY_SHAPE);
        int same = -1;
        for (int k = 0; k < f && same < 0; k++) {
            const char *h2 = wt__ctx(R, k, WT_X_HOST), *t2 = wt__ctx(R, k, WT_X_TOPOLOGY);
            same = h && h2 && !strcmp(h, h2) && (t == t2 || (t && t2 && !strcmp(t, t2))) ? k : -1;
        }
        char note[600] = "", name[64], prefix[64];
        fputs("<figure>", o);
        int pic = 0;
        if (same < 0 && wt__lstopo(R, f, dir, note, sizeof note)) {
            snprintf(name, sizeof name, "machine-%d.svg", f + 1);
            snprintf(prefix, sizeof prefix, "machine%d-", f + 1);
            pic = wt__inline_svg(o, dir, name, prefix) == 0;
        }
        fputs("<figcaption>", o);
        if (R->nf > 1) {
            fputs("<b>", o);
            esc(o, R->f[f].label);
            fputs("</b>: ", o);
        }
        esc(o, h ? h : "?");
        if (sh) {
            fputs(", ", o);
            esc(o, sh);
        }
        fputs(". ", o);
        if (same >= 0) {
            fputs("The same machine as ", o);
            esc(o, R->f[same].label);
            fputc('.', o);
        } else {
            esc(o, note);
        }
        if (pic)
            fprintf(o, " [<a href=\"machine-%d.svg\">svg</a>]", f + 1);
        fputs("</figcaption></figure>\n", o);
    }
    fputs("</div>\n<h3>Environment and noise warnings</h3>\n", o);
    env_table(o, R);
    fputs("</section>\n", o);
}

static void unknown(FILE *o, const wt_results *R)
{
    json_t *seen = json_object();
    int n = 0;
    for (int i = 0; seen && i < R->nr; i++) {
        const wt_rec *r = &R->r[i];
        if (wt__family_of(r->fv) || json_object_get(seen, r->fv))
            continue;
        if (!n++)
            fputs("<section id=\"unknown\">\n<h2>Results no family of the report claims</h2>\n<p>Add a row to the "
                  "family table (<code>plots/family.c</code>) to draw them:</p>\n<ul>\n", o);
        json_object_set_new_nocheck(seen, r->fv, json_true());
        fputs("<li><code>", o);
        esc(o, r->fv);
        fputs("</code></li>\n", o);
    }
    if (n)
        fputs("</ul>\n</section>\n", o);
    json_decref(seen);
}

int wt__html_write(const wt_results *R, const wt_findings *F, const char *dir, const wt_figlist *L)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/index.html", dir);
    FILE *o = fopen(p, "w");
    if (!o)
        return -1;
    const char *host = wt__ctx(R, 0, WT_X_HOST);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>wtbench report: ", o);
    esc(o, host ? host : "?");
    fprintf(o, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>wtbench report</h1>\n<p>Results:", style);
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
          " Each figure links its gnuplot script and data, kept so you can restyle it.</p>\n<nav><ul>\n"
          "<li><a href=\"#summary\">Answers</a></li>\n<li><a href=\"#machine\">The machine</a></li>\n", o);
    if (R->nf > 1)
        fputs("<li><a href=\"#changes\">What changed</a></li>\n", o);
    for (const wt_family *fam = wt__families; fam->id; fam++)
        for (int i = 0; i < L->n; i++)
            if (!strcmp(L->v[i].section, fam->id)) {
                fprintf(o, "<li><a href=\"#%s\">", fam->id);
                esc(o, fam->title);
                fputs("</a></li>\n", o);
                break;
            }
    fputs("<li><a href=\"#findings\">Findings</a></li>\n</ul></nav>\n", o);
    wt__summary_html(o, R, F, L);
    machines(o, R, dir);
    if (R->nf > 1)
        wt__changes_html(o, R, F);
    for (const wt_family *fam = wt__families; fam->id; fam++) {
        int open = 0;
        for (int i = 0; i < L->n; i++) {
            if (strcmp(L->v[i].section, fam->id))
                continue;
            if (!open++) {
                fprintf(o, "<section id=\"%s\">\n<h2>", fam->id);
                esc(o, fam->title);
                fputs("</h2>\n<p class=\"q\">", o);
                esc(o, fam->question);
                fputs("</p>\n", o);
            }
            figure(o, dir, &L->v[i]);
        }
        if (open)
            fputs("</section>\n", o);
    }
    unknown(o, R);
    fputs("<section id=\"findings\">\n<h2>Findings</h2>\n<p>As in <a href=\"findings.md\">findings.md</a>.</p>\n"
          "<div class=\"md\">\n", o);
    char *md = wt__slurp(dir, "findings.md");
    wt__md_html(o, md ? md : "findings.md missing");
    free(md);
    fputs("</div>\n</section>\n</body>\n</html>\n", o);
    return fclose(o) == 0 ? 0 : -1;
}
