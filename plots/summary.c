/* summary.c: the top of the page, the answers first: every claim of the family table with its
 * verdict, its headline number and that number's 95 % interval, and a link to its figure; every
 * crossover with its interval; the headline ratios; with several runs a column each, and the count
 * of significant changes with a link to the table. Then the table of changes itself. Everything from
 * the inputs is escaped. No timing here. */
#include <math.h>
#include <string.h>
#include "report.h"

static const char *const vclass[] = {"nm", "conf", "ref", "part", "inc"};

static void esc(FILE *o, const char *s)
{
    wt__html_esc(o, s, 0);
}

/* A link to the first figure of the list the page has. */
static void figlink(FILE *o, const wt_figlist *L, const char *list)
{
    for (const char *p = list; p && *p;) {
        size_t k = strcspn(p, ",");
        char id[96];
        snprintf(id, sizeof id, "%.*s", (int)k, p);
        if (wt__fig_find(L, id)) {
            fprintf(o, " <a href=\"#fig-%s\">figure</a>", id);
            return;
        }
        p += k + (p[k] == ',');
    }
}

static void head(FILE *o, const wt_results *R, const char *first)
{
    fprintf(o, "<tr><th>%s</th>", first);
    for (int f = 0; f < R->nf; f++) {
        fputs("<th>", o);
        esc(o, R->nf > 1 ? R->f[f].label : "this run");
        fputs("</th>", o);
    }
    fputs("</tr>\n", o);
}

static int has(const wt_results *R, const wt_family *fam)
{
    return wt__family_in(R, fam, -1);
}

/* A run without results of the family: a dash in its column. */
static int absent(FILE *o, const wt_results *R, const wt_family *fam, int f)
{
    if (R->nf == 1 || wt__family_in(R, fam, f))
        return 0;
    fputs("<td class=\"fam\">no results</td>", o);
    return 1;
}

static void claims(FILE *o, const wt_results *R, const wt_findings *F, const wt_figlist *L)
{
    int any = 0;
    for (int i = 0; i < F->ncl; i++)
        any |= has(R, F->cl[i].fam);
    if (!any)
        return;
    fputs("<table class=\"sum\">\n", o);
    head(o, R, "claim (DESIGN.md)");
    for (int i = 0; i < F->ncl; i += R->nf) {
        const wt_judged *j0 = &F->cl[i];
        if (!has(R, j0->fam))
            continue; /* a family without results: named once below the table */
        fputs("<tr><td>", o);
        if (j0->c->num)
            fprintf(o, "<b>%d.</b> ", j0->c->num);
        esc(o, j0->c->text);
        fprintf(o, " <span class=\"fam\">(<a href=\"#%s\">%s</a>)</span></td>", j0->fam->id, j0->fam->id);
        for (int f = 0; f < R->nf && i + f < F->ncl; f++) {
            const wt_judged *j = &F->cl[i + f];
            if (absent(o, R, j->fam, f))
                continue;
            fprintf(o, "<td><span class=\"v %s\">%s</span>", vclass[j->shown], wt__vname[j->shown]);
            if (j->v.ns) {
                fputs("<br>", o);
                esc(o, j->v.sname[0]);
                fprintf(o, ": <b>%.3g</b> [%.3g, %.3g]", j->v.stat[0], j->lo[0], j->hi[0]);
            }
            if (j->shown == WT_V_INCONCLUSIVE)
                fprintf(o, "<br><small>%.0f %% of resamples agree with %s</small>", j->agree * 100,
                        wt__vname[j->v.state]);
            if (j->v.state)
                figlink(o, L, j->c->figs);
            fputs("</td>", o);
        }
        fputs("</tr>\n", o);
    }
    fputs("</table>\n", o);
}

static void crossovers(FILE *o, const wt_results *R, const wt_findings *F, const wt_figlist *L)
{
    int any = 0;
    for (int i = 0; i < F->nxo; i++)
        any |= F->xo[i].status != WT_XO_NODATA;
    if (!any)
        return;
    fputs("<table class=\"sum\">\n", o);
    head(o, R, "crossover (95 % interval)");
    for (int i = 0; i < F->nxo; i++) { /* one row per definition and split value, runs in columns */
        const wt_xo *x = &F->xo[i];
        int seen = 0;
        for (int k = 0; k < i; k++)
            seen |= F->xo[k].d == x->d && !strcmp(F->xo[k].per, x->per);
        if (seen)
            continue;
        fputs("<tr><td>", o);
        esc(o, x->d->what);
        if (*x->per) {
            fprintf(o, " (%s ", x->d->per);
            esc(o, x->per);
            fputs(")", o);
        }
        fputs("</td>", o);
        for (int f = 0; f < R->nf; f++) {
            const wt_xo *y = NULL;
            for (int k = i; k < F->nxo && !y; k++)
                y = F->xo[k].d == x->d && !strcmp(F->xo[k].per, x->per) && F->xo[k].file == f ? &F->xo[k] : NULL;
            char t[400], id[96];
            if (y)
                wt__xo_text(y, t, sizeof t);
            fputs("<td>", o);
            if (y && y->status == WT_XO_FOUND && y->agree >= 0.95)
                fputs("<b>", o);
            esc(o, y ? t : "not measured");
            if (y && y->status == WT_XO_FOUND && y->agree >= 0.95)
                fputs("</b>", o);
            snprintf(id, sizeof id, "xo_%s", x->d->id);
            if (y && y->status != WT_XO_NODATA)
                figlink(o, L, id);
            fputs("</td>", o);
        }
        fputs("</tr>\n", o);
    }
    fputs("</table>\n", o);
}

static void ratios(FILE *o, const wt_results *R, const wt_findings *F, const wt_figlist *L)
{
    int any = 0;
    for (int i = 0; i < F->nra; i++)
        any |= has(R, F->ra[i].fam);
    if (!any)
        return;
    fputs("<table class=\"sum\">\n", o);
    head(o, R, "headline ratio (95 % interval)");
    for (int i = 0; i < F->nra; i += R->nf) {
        if (!has(R, F->ra[i].fam))
            continue;
        fputs("<tr><td>", o);
        esc(o, F->ra[i].d->what);
        fputs("</td>", o);
        for (int f = 0; f < R->nf && i + f < F->nra; f++) {
            const wt_ratio *r = &F->ra[i + f];
            if (absent(o, R, r->fam, f))
                continue;
            fputs("<td>", o);
            if (r->ok) {
                fprintf(o, "<b>%.3g×</b> [%.3g, %.3g]", r->v, r->lo, r->hi);
                figlink(o, L, r->d->figs);
            } else {
                fputs("<span class=\"v nm\">NOT MEASURED</span> ", o);
                esc(o, r->why);
            }
            fputs("</td>", o);
        }
        fputs("</tr>\n", o);
    }
    fputs("</table>\n", o);
}

void wt__summary_html(FILE *o, const wt_results *R, const wt_findings *F, const wt_figlist *L)
{
    fputs("<section id=\"summary\">\n<h2>Answers on this machine</h2>\n<p>Each verdict is stated only when the 95 % "
          "bootstrap interval of its figures clears the criterion (else INCONCLUSIVE); the numbers behind each "
          "are in the <a href=\"#findings\">findings</a>.</p>\n", o);
    if (R->nf > 1) {
        fputs("<p class=\"chg\">What changed: ", o);
        for (int f = 1; f < R->nf; f++) {
            int n, sig, slower, tested;
            wt__changes_count(R, F, f, &n, &sig, &slower, &tested);
            fputs(f > 1 ? "; " : "", o);
            esc(o, R->f[f].label);
            fputs(" against ", o);
            esc(o, R->f[0].label);
            fprintf(o, ": <b>%d significant</b> of %d results compared (%d slower, %d faster)", sig, n, slower,
                    sig - slower);
        }
        fputs(". <a href=\"#changes\">The table of changes</a>.</p>\n", o);
    }
    if (F->ncl)
        claims(o, R, F, L);
    crossovers(o, R, F, L);
    ratios(o, R, F, L);
    int none = 0;
    for (const wt_family *fam = wt__families; fam->id; fam++)
        if ((fam->claims || fam->ratios || fam->xos) && !has(R, fam)) {
            fputs(none++ ? ", " : "<p class=\"fam\">No results in these files for: ", o);
            esc(o, fam->title);
        }
    if (none)
        fputs(".</p>\n", o);
    fputs("</section>\n", o);
}

/* The changes: per later run, the significant ones first (all of them), then the rest (a capped
 * number, the whole list in changes.md). */
void wt__changes_html(FILE *o, const wt_results *R, const wt_findings *F)
{
    char a[48], b[48];
    fputs("<section id=\"changes\">\n<h2>What changed between the runs</h2>\n<p>Every run against the first: per "
          "result in both, the medians of the time per operation, their ratio B ÷ A with its 95 % bootstrap "
          "interval over the repetitions, and the two-sided p of the Mann-Whitney U test over the two runs' "
          "repetitions (the test compare.py and <code>ci/perf-gate</code> apply; none where a side has fewer than "
          "2 repetitions, weak below 9). <b>Significant</b>: p &lt; 0.05 and the interval excludes 1. All rows: "
          "<a href=\"changes.md\">changes.md</a>.</p>\n", o);
    for (int f = 1; f < R->nf; f++) {
        int n, sig, slower, tested, shown = 0;
        wt__changes_count(R, F, f, &n, &sig, &slower, &tested);
        fputs("<h3>", o);
        esc(o, R->f[f].label);
        fputs(" against ", o);
        esc(o, R->f[0].label);
        fprintf(o, ": %d significant of %d (%d slower, %d faster; %d with repetitions for the test)</h3>\n", sig, n,
                slower, sig - slower, tested);
        if (!n)
            continue;
        fputs("<table class=\"chg\"><tr><th>result</th><th>A</th><th>B</th><th>B ÷ A</th><th>95 % interval</th>"
              "<th>p</th><th></th></tr>\n", o);
        for (int i = 0; i < F->nch; i++) {
            const wt_change *c = &F->ch[i];
            if (R->r[c->b].file != f || (!c->sig && shown >= sig + 40))
                continue;
            shown++;
            wt__fmt_ns(c->ma, a, sizeof a), wt__fmt_ns(c->mb, b, sizeof b);
            fprintf(o, "<tr class=\"%s\"><td><code>", !c->sig ? "" : c->ratio > 1 ? "slower" : "faster");
            esc(o, R->r[c->b].name);
            fprintf(o, "</code></td><td>%s (%d)</td><td>%s (%d)</td><td>%.3f</td><td>[%.3f, %.3f]</td>", a, c->na, b,
                    c->nb, c->ratio, c->lo, c->hi);
            if (isnan(c->p))
                fputs("<td>—</td>", o);
            else
                fprintf(o, "<td>%.3g</td>", c->p);
            fprintf(o, "<td>%s</td></tr>\n", !c->sig ? "" : c->ratio > 1 ? "▲ slower" : "▼ faster");
        }
        fputs("</table>\n", o);
        if (shown < n)
            fprintf(o, "<p>%d more results without a significant change: <a href=\"changes.md\">changes.md</a>.</p>\n",
                    n - shown);
    }
    fputs("</section>\n", o);
}
