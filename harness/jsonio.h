/* jsonio.h: tolerant reading of Google Benchmark JSON (see jsonio.c). */
#ifndef WT_JSONIO_H
#define WT_JSONIO_H
#include <jansson.h>
#include <stddef.h>
/* Load a Google Benchmark JSON file; NULL with a one-line reason naming the file in err. */
json_t *wt__json_load(const char *path, char *err, size_t errlen);
/* Drop the "/manual_time" suffix from every benchmark's name and run_name. */
void wt__json_clean_names(json_t *doc);
#endif
