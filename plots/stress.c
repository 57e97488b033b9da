/* stress.c: the invariant table (a TABLE figure: every result of the figure's families, failed
 * ones included, each invariant counter with its count, the observed limits beside them, and PASS or
 * FAIL) and the judge of the stress family's claim (every invariant held in every result). A result
 * PASSes when it did not fail and every invariant counter it reports is 0; a SKIP is listed as such.
 * Everything from the inputs is escaped for HTML. No timing here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

/* The value of counter key in r's chosen entry: NAN when absent. */
static double counter(const wt_rec *r, const char *key)
{
    json_t *v = r->j ? json_object_get(r->j, key) : NULL;
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* 1 PASS, 0 FAIL (a counter above 0, or the result failed), -1 skipped. */
static int verdict(const wt_rec *r, const char *inv)
{
    if (r->error)
        return strncmp(r->error, "SKIP", 4) ? 0 : -1;
    for (const char *k = inv; k && *k;) {
        size_t n = strcspn(k, ",");
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)n, k);
        if (counter(r, key) > 0)
            return 0;
        k += n + (k[n] == ',');
    }
    return 1;
}

static void cells(FILE *h, FILE *d, const wt_rec *r, const char *keys, int bad_above_0)
{
    for (const char *k = keys; k && *k;) {
        size_t n = strcspn(k, ",");
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)n, k);
        double v = counter(r, key);
        fprintf(h, "<td class=\"num%s\">", bad_above_0 && v > 0 ? " bad" : "");
        if (isnan(v))
            fputs("—", h), fputs(" -", d);
        else
            fprintf(h, "%.6g", v), fprintf(d, " %.6g", v);
        fputs("</td>", h);
        k += n + (k[n] == ',');
    }
}

static void heads(FILE *h, FILE *d, const char *keys)
{
    for (const char *k = keys; k && *k;) {
        size_t n = strcspn(k, ",");
        fprintf(h, "<th>%.*s</th>", (int)n, k);
        fprintf(d, " %.*s", (int)n, k);
        k += n + (k[n] == ',');
    }
}

int wt__fig_table(const wt_fig *F, const char *sec, const wt_results *R, const char *dir, wt_figlist *L)
{
    int rows = 0, pass = 0, fail = 0, skip = 0;
    for (int i = 0; i < R->nr; i++)
        rows += wt__fv_match(R->r[i].fv, F->pat);
    if (!rows)
        return 0;
    FILE *h = wt__gp_open(dir, F->id, "html"), *d = h ? wt__gp_open(dir, F->id, "dat") : NULL;
    wt_figout *fo = d ? wt__fig_add(L, F->id, sec, F->title) : NULL;
    if (!fo) {
        if (h)
            fclose(h);
        if (d)
            fclose(d);
        return -1;
    }
    fo->table = 1;
    fputs("<table class=\"inv\"><tr><th>result</th>", h);
    fputs("# result", d);
    if (R->nf > 1)
        fputs("<th>run</th>", h), fputs(" run", d);
    heads(h, d, F->y);
    fputs("<th class=\"sep\"></th>", h);
    heads(h, d, F->aux);
    fputs("<th>verdict</th></tr>\n", h);
    fputs(" verdict\n", d);
    for (int i = 0; i < R->nr; i++) {
        const wt_rec *r = &R->r[i];
        if (!wt__fv_match(r->fv, F->pat))
            continue;
        int v = verdict(r, F->y);
        pass += v == 1, fail += v == 0, skip += v < 0;
        fputs("<tr><td><code>", h);
        wt__html_esc(h, r->name, 0);
        fputs("</code></td>", h);
        wt__dat_quote(d, r->name);
        if (R->nf > 1) {
            fputs("<td>", h);
            wt__html_esc(h, R->f[r->file].label, 0);
            fputs("</td>", h);
            fputc(' ', d);
            wt__dat_quote(d, R->f[r->file].label);
        }
        cells(h, d, r, F->y, 1);
        fputs("<td class=\"sep\"></td>", h);
        cells(h, d, r, F->aux, 0);
        fprintf(h, "<td class=\"%s\">%s", v > 0 ? "pass" : v == 0 ? "fail" : "skip", v > 0 ? "PASS" : v == 0 ? "FAIL" : "SKIP");
        fprintf(d, " %s\n", v > 0 ? "PASS" : v == 0 ? "FAIL" : "SKIP");
        if (r->error) {
            fputs(": ", h);
            wt__html_esc(h, r->error, 0);
        }
        fputs("</td></tr>\n", h);
    }
    fputs("</table>\n", h);
    fclose(h);
    fclose(d);
    wt__note(fo, "%d results: %d PASS, %d FAIL, %d skipped. An invariant (left of the gap) must be 0 in every "
             "result; the counts right of the gap are observed limits and faults, never a failure by themselves. "
             "—: the result does not report that counter.", rows, pass, fail, skip);
    return 1;
}

/* The claim: in every stress result of file f each invariant held (and none failed). */
void wt__judge_invariants(const wt_results *R, const wt_xo *xo, int nxo, int f, wt_verdict *v)
{
    static const char *const inv = WT_C_LOST "," WT_C_DUPLICATED "," WT_C_REORDERED "," WT_C_BAD_CHECKSUM;
    int n = 0, bad = 0;
    char who[1500] = "", m[300];
    for (int i = 0; i < R->nr; i++) {
        const wt_rec *r = &R->r[i];
        if (r->file != f || !wt__fv_match(r->fv, "stress.*"))
            continue;
        int k = verdict(r, inv);
        n += k >= 0;
        if (k == 0 && bad++ < 6)
            snprintf(who + strlen(who), sizeof who - strlen(who), "%s%s", *who ? ", " : "",
                     wt__md(r->name, 1, m, sizeof m));
    }
    if (!n)
        return;
    v->state = bad ? WT_V_REFUTED : WT_V_CONFIRMED;
    if (bad)
        snprintf(v->nums, sizeof v->nums, "%d of %d stress results broke an invariant or failed: %s%s. Criterion: "
                 "lost, duplicated, reordered and bad_checksum all 0 and no result FAIL.", bad, n, who,
                 bad > 6 ? ", ..." : "");
    else
        snprintf(v->nums, sizeof v->nums, "all %d stress results PASS with lost, duplicated, reordered and "
                 "bad_checksum 0 where reported. Criterion: those counters all 0 and no result FAIL.", n);
    (void)xo, (void)nxo;
}
