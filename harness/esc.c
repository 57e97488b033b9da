/* esc.c: control bytes of echoed input written as visible escapes, so that a name, a path or a
 * parser's "near '...'" quote can never start a new line in an error message, a report page or a
 * gnuplot script. No timing here. */
#include <stdio.h>
#include <string.h>
#include "esc.h"

int wt_esc_byte(unsigned char c, char e[5])
{
    if (c >= 0x20 && c != 0x7f)
        return 0;
    if (c == '\n' || c == '\r' || c == '\t') {
        e[0] = '\\', e[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't', e[2] = 0;
        return 2;
    }
    snprintf(e, 5, "\\x%02x", c);
    return 4;
}

char *wt_esc(const char *s, char *out, size_t len)
{
    size_t o = 0;
    if (!len)
        return out;
    for (; s && *s; s++) {
        char e[5] = {*s, 0};
        int n = wt_esc_byte((unsigned char)*s, e);
        n = n ? n : 1;
        if (o + (size_t)n >= len)
            break;
        memcpy(out + o, e, (size_t)n);
        o += (size_t)n;
    }
    out[o] = 0;
    return out;
}
