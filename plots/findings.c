/* findings.c: findings.md, computed from the results (judge.c) and never written by hand: the noise
 * warnings, then per family of the table (family.c) its crossover points, headline ratios and claims
 * (each CONFIRMED / REFUTED / PARTLY CONFIRMED / INCONCLUSIVE / NOT MEASURED on this machine with the
 * numbers behind it, their 95 % bootstrap intervals and the figures they come from), results no
 * family claims, failed ones, and with several runs the count of changes (changes.md). Everything
 * from the inputs goes through wt__md: a name is text, never markdown or HTML. No timing here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

void wt__figs(FILE *o, const wt_figlist *L, const char *list)
{
    int n = 0;
    for (const char *p = list; p && *p;) {
        size_t k = strcspn(p, ",");
        char id[96];
        snprintf(id, sizeof id, "%.*s", (int)k, p);
        if (wt__fig_find(L, id)) /* only figures the page has: every link resolves */
            fprintf(o, "%s [%s](index.html#fig-%s)", n++ ? "" : " (figures:", id, id);
        p += k + (p[k] == ',');
    }
    if (n)
        fputs(")", o);
}

static void crossovers(FILE *o, const wt_results *R, const wt_findings *F, const wt_family *fam)
{
    fputs("### Crossover points\n\n", o);
    for (const wt_xodef *d = fam->xos; d->id; d++) {
        int any = 0;
        for (int i = 0; i < F->nxo; i++) {
            const wt_xo *x = &F->xo[i];
            if (x->d != d)
                continue;
            char m[500], t[400], id[96];
            fprintf(o, "- %s%s%s%s%s%s: ", d->what, *x->per ? " (" : "", *x->per ? d->per : "", *x->per ? " " : "",
                    *x->per ? wt__md(x->per, 0, m, sizeof m) : "", *x->per ? ")" : "");
            if (R->nf > 1)
                fprintf(o, "[%s] ", wt__md(R->f[x->file].label, 0, m, sizeof m));
            wt__xo_text(x, t, sizeof t);
            if (x->status == WT_XO_NODATA)
                fputs("NOT MEASURED (no matching results)", o);
            else if (!(x->agree >= 0.95))
                fprintf(o, "INCONCLUSIVE: %s; %.0f %% of %d bootstrap resamples of the repetitions disagree with "
                        "the point estimate", t, (1 - x->agree) * 100, WT_BOOT_N);
            else if (x->status == WT_XO_FOUND) {
                char c[48], lo[48], hi[48], a[48], z[48];
                int u = wt__xo_unit(d);
                wt__fmt_unit(x->xc, u, c, sizeof c), wt__fmt_unit(x->xmin, u, a, sizeof a);
                wt__fmt_unit(x->xmax, u, z, sizeof z);
                wt__fmt_unit(isinf(x->lo) ? x->xmin : x->lo, u, lo, sizeof lo);
                wt__fmt_unit(isinf(x->hi) ? x->xmax : x->hi, u, hi, sizeof hi);
                fprintf(o, "**%s**, 95 %% interval [%s, %s] (interpolated log-log; bootstrap over repetitions; "
                        "measured %s to %s)", c, lo, hi, a, z);
                if (x->soft >= WT_XO_SOFT) {
                    char sl[48], sh[48];
                    wt__fmt_unit(x->soft_lo, u, sl, sizeof sl), wt__fmt_unit(x->soft_hi, u, sh, sizeof sh);
                    fprintf(o, "; soft: the two curves run close, and 10 %% more or less on either moves it "
                            "over %s to %s (a host whose state moves a curve that much between runs moves the "
                            "point that far; decide by where the curves part in the figure)",
                            isinf(x->soft_lo) ? "below the range" : sl, isinf(x->soft_hi) ? "beyond the range" : sh);
                }
            } else
                fprintf(o, "**%s**%s", t, x->status == WT_XO_NEVER ? "" : "");
            if (x->status == WT_XO_NEVER)
                fprintf(o, " (ratio at the largest: %.3g)", x->last);
            snprintf(id, sizeof id, "xo_%s", d->id);
            if (x->status != WT_XO_NODATA)
                wt__figs(o, F->L, id);
            fputc('\n', o);
            any = 1;
        }
        if (!any)
            fprintf(o, "- %s: NOT MEASURED (no %s results)\n", d->what, d->a);
    }
    fputc('\n', o);
}

static void ratios(FILE *o, const wt_results *R, const wt_findings *F, const wt_family *fam)
{
    char m[200], a[48], b[48];
    fputs("### Headline ratios\n\n", o);
    for (int i = 0; i < F->nra; i++) {
        const wt_ratio *r = &F->ra[i];
        if (r->fam != fam || (R->nf > 1 && !wt__family_in(R, fam, r->file)))
            continue; /* several runs: a run without this family's results says nothing of it */
        fprintf(o, "- %s", r->d->what);
        if (R->nf > 1)
            fprintf(o, " [%s]", wt__md(R->f[r->file].label, 0, m, sizeof m));
        if (!r->ok) {
            fprintf(o, ": NOT MEASURED (%s)\n", r->why);
            continue;
        }
        wt__fmt_ns(r->num, a, sizeof a), wt__fmt_ns(r->den, b, sizeof b);
        fprintf(o, ": **%.3g×**, 95 %% interval [%.3g, %.3g] (%s %s ÷ %s %s)", r->v, r->lo, r->hi, r->d->nn, a,
                r->d->dn, b);
        if (r->d->places)
            fprintf(o, " (%s ÷ %s)", R->f[r->file].far, R->f[r->file].near);
        wt__figs(o, F->L, r->d->figs);
        fputc('\n', o);
    }
    fputc('\n', o);
}

static void claims(FILE *o, const wt_results *R, const wt_findings *F, const wt_family *fam)
{
    char m[200];
    fputs("### Claims\n\n", o);
    for (int i = 0; i < F->ncl; i++) {
        const wt_judged *j = &F->cl[i];
        if (j->fam != fam || (R->nf > 1 && !wt__family_in(R, fam, j->file)))
            continue;
        if (j->c->num)
            fprintf(o, "%d. **%s**", j->c->num, wt__vname[j->shown]);
        else
            fprintf(o, "- **%s**", wt__vname[j->shown]);
        if (R->nf > 1)
            fprintf(o, " [%s]", wt__md(R->f[j->file].label, 0, m, sizeof m));
        fprintf(o, ": %s\n   %s", j->c->text, j->v.state ? j->v.nums
                : *j->v.nums ? j->v.nums : "The results hold none of the data this claim needs.");
        if (j->shown == WT_V_INCONCLUSIVE)
            fprintf(o, " The point estimate says %s, but only %.0f %% of %d bootstrap resamples of the repetitions "
                    "agree (97.5 %% needed): the interval straddles the criterion (likely: the spread of the "
                    "figures below; see the noise notes above).", wt__vname[j->v.state], j->agree * 100, WT_BOOT_N);
        for (int k = 0; k < j->v.ns; k++)
            fprintf(o, "%s%s %.3g [%.3g, %.3g]", k ? "; " : " 95 % intervals: ", j->v.sname[k], j->v.stat[k],
                    j->lo[k], j->hi[k]);
        if (j->v.state)
            wt__figs(o, F->L, j->c->figs);
        fputs("\n", o);
    }
    fputc('\n', o);
}

/* The environment's noise warnings, the measurement rules and every result whose interval stayed
 * wider than the target: each line as a list item. */
static void noise(FILE *o, const wt_results *R)
{
    char m[1200], m2[1200];
    for (int i = 0; i < R->nf; i++) {
        const char *lab = R->nf > 1 ? wt__md(R->f[i].label, 0, m, sizeof m) : "";
        const char *ru = wt__ctx(R, i, WT_X_RULES);
        if (ru && *ru)
            fprintf(o, "Measurement rules%s%s: %s.\n\n", R->nf > 1 ? " for " : "", lab, wt__md(ru, 0, m2, sizeof m2));
        static const char *const key[] = {WT_X_WARNINGS, WT_X_NOISE};
        static const char *const head[] = {"Noise warnings", "Results whose 95 % interval stayed wider than the target"};
        for (int k = 0; k < 2; k++) {
            const char *t = wt__ctx(R, i, key[k]);
            if (!t || !*t)
                continue;
            fprintf(o, "%s%s%s:\n\n", head[k], R->nf > 1 ? " for " : "", lab);
            for (const char *l = t; *l;) {
                size_t n = strcspn(l, "\n");
                char line[1000];
                snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), l);
                if (n)
                    fprintf(o, "- %s\n", wt__md(line, 0, m2, sizeof m2));
                l += n + (l[n] == '\n');
            }
            fputc('\n', o);
        }
    }
}

/* Results of each family (index in the table; the last slot: no family). */
static void per_family(const wt_results *R, int *cnt, int nfam)
{
    memset(cnt, 0, (size_t)(nfam + 1) * sizeof *cnt);
    for (int i = 0; i < R->nr; i++) {
        const wt_family *f = wt__family_of(R->r[i].fv);
        cnt[f ? f - wt__families : nfam]++;
    }
}

int wt__findings_write(const wt_results *R, const wt_findings *F, const char *dir)
{
    char p[4096], m[1200], m2[1200], m3[1200];
    snprintf(p, sizeof p, "%s/findings.md", dir);
    FILE *o = fopen(p, "w");
    int nfam = 0, *cnt;
    while (wt__families[nfam].id)
        nfam++;
    if (!o || !(cnt = calloc((size_t)nfam + 1, sizeof *cnt))) {
        if (o)
            fclose(o);
        return -1;
    }
    per_family(R, cnt, nfam);
    const char *host = wt__ctx(R, 0, WT_X_HOST), *mode = wt__ctx(R, 0, WT_X_MODE);
    fprintf(o, "# wtbench findings: %s\n\nComputed by `wtbench report` from", wt__md(host ? host : "?", 0, m, sizeof m));
    for (int i = 0; i < R->nf; i++)
        fprintf(o, " %s%s", wt__md(R->f[i].path, 1, m, sizeof m), i + 1 < R->nf ? "," : "");
    fprintf(o, " (mode %s). Nothing here is written by hand; the figures are in `index.html`.\n\n",
            wt__md(mode ? mode : "?", 0, m, sizeof m));
    noise(o, R);
    for (int k = 0, none = 0; k < nfam; k++) {
        const wt_family *fam = &wt__families[k];
        if (!cnt[k] && (fam->claims || fam->xos || fam->ratios)) /* named once, after the last */
            fprintf(o, "%s%s", none++ ? ", " : "No results in these files for: ", fam->title);
        if (none && k == nfam - 1)
            fputs(".\n\n", o);
    }
    for (int k = 0; k < nfam; k++) {
        const wt_family *fam = &wt__families[k];
        if (!cnt[k])
            continue;
        fprintf(o, "## %s\n\n%s\n\n", fam->title, fam->question);
        if (fam->xos)
            crossovers(o, R, F, fam);
        if (fam->ratios)
            ratios(o, R, F, fam);
        if (fam->claims)
            claims(o, R, F, fam);
    }
    if (cnt[nfam]) {
        fputs("## Results no family of the report claims\n\nAdd a row to the family table (plots/family.c) to draw "
              "them:\n\n", o);
        for (int i = 0, n = 0; i < R->nr && n < 50; i++)
            if (!wt__family_of(R->r[i].fv) && (i == 0 || strcmp(R->r[i].fv, R->r[i - 1].fv)) && ++n)
                fprintf(o, "- %s\n", wt__md(R->r[i].fv, 1, m, sizeof m));
        fputc('\n', o);
    }
    if (R->nf > 1) {
        fputs("## Runs compared\n\n", o);
        for (int f = 1; f < R->nf; f++) {
            int n, sig, slower, tested;
            wt__changes_count(R, F, f, &n, &sig, &slower, &tested);
            fprintf(o, "- %s against %s: %d results compared, **%d significant changes** (%d slower, %d faster); "
                    "the table: [changes.md](changes.md)\n", wt__md(R->f[f].label, 0, m, sizeof m),
                    wt__md(R->f[0].label, 0, m2, sizeof m2), n, sig, slower, sig - slower);
        }
        fputc('\n', o);
    }
    int failed = 0;
    for (int i = 0; i < R->nr; i++)
        failed += R->r[i].error != NULL;
    if (failed) {
        fputs("## Results left out (failed or skipped)\n\n", o);
        for (int i = 0; i < R->nr; i++)
            if (R->r[i].error)
                fprintf(o, "- %s%s%s: %s\n", wt__md(R->r[i].name, 1, m, sizeof m), R->nf > 1 ? " in " : "",
                        R->nf > 1 ? wt__md(R->f[R->r[i].file].label, 0, m2, sizeof m2) : "",
                        wt__md(R->r[i].error, 0, m3, sizeof m3));
    }
    free(cnt);
    return fclose(o) == 0 ? 0 : -1;
}
