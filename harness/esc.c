/* esc.c: control bytes and broken UTF-8 in echoed input written as visible escapes, so that a
 * name, a path or a parser's "near '...'" quote can never start a new line in an error message, a
 * report page or a gnuplot script. No timing here. */
#include <stdio.h>
#include <string.h>
#include "esc.h"

/* Length of the valid UTF-8 sequence at s (2 to 4), or 0 (no overlongs, surrogates or > U+10FFFF). */
static int utf8_len(const unsigned char *s)
{
    unsigned c = s[0], lo = 0x80, hi = 0xbf;
    int n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (c == 0xe0)
        lo = 0xa0;
    else if (c == 0xed)
        hi = 0x9f;
    else if (c == 0xf0)
        lo = 0x90;
    else if (c == 0xf4)
        hi = 0x8f;
    for (int i = 1; i < n; i++, lo = 0x80, hi = 0xbf)
        if (s[i] < lo || s[i] > hi)
            return 0;
    return n;
}

int wt_esc_next(const char *s, char e[5], int *escaped)
{
    unsigned char c = (unsigned char)*s;
    int n = c >= 0x80 ? utf8_len((const unsigned char *)s) : c >= 0x20 && c != 0x7f;
    *escaped = n == 0;
    if (n) {
        memcpy(e, s, (size_t)n);
        e[n] = 0;
        return n;
    }
    if (c == '\n' || c == '\r' || c == '\t')
        e[0] = '\\', e[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't', e[2] = 0;
    else
        snprintf(e, 5, "\\x%02x", c);
    return 1;
}

char *wt_esc(const char *s, char *out, size_t len)
{
    size_t o = 0;
    if (!len)
        return out;
    while (s && *s) {
        char e[5];
        int esc;
        s += wt_esc_next(s, e, &esc);
        size_t n = strlen(e);
        if (o + n >= len)
            break;
        memcpy(out + o, e, n);
        o += n;
    }
    out[o] = 0;
    return out;
}
