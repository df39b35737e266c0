// SPDX-License-Identifier: MIT
/*
 * The last-level cache: copies to device memory at least this large use
 * streaming stores, since the data would only evict the cache. The copy
 * paths read the threshold; copy.c sets it once the paths are chosen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "copy.h"

size_t mr__nt_threshold = SIZE_MAX;

/* "32768K", "32M", "1048576": bytes, or 0. */
static size_t mr__parse_cache_size(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (end == s)
		return 0;
	if (*end == 'K')
		v <<= 10;
	else if (*end == 'M')
		v <<= 20;
	else if (*end == 'G')
		v <<= 30;
	return (size_t)v;
}

static int mr__read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");

	if (!f)
		return -1;
	if (!fgets(buf, (int)len, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

/*
 * The size of the highest cache level in /sys, which counts one cache.
 * glibc's sysconf(_SC_LEVEL3_CACHE_SIZE) may add up a whole socket's
 * slices instead, so it comes second.
 */
size_t mr__llc_size(void)
{
	size_t best = 0;
	int best_level = 0;
	char path[96], buf[64];

	for (int i = 0; i < 16; i++) {
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu0/cache/index%d/level", i);
		if (mr__read_line(path, buf, sizeof(buf)))
			break;
		int level = atoi(buf);
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu0/cache/index%d/type", i);
		if (mr__read_line(path, buf, sizeof(buf)) || !strncmp(buf, "Instruction", 11))
			continue;
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
		if (level > best_level && !mr__read_line(path, buf, sizeof(buf))) {
			best = mr__parse_cache_size(buf);
			best_level = level;
		}
	}
	if (best)
		return best;
	long v = sysconf(_SC_LEVEL3_CACHE_SIZE);
	if (v <= 0)
		v = sysconf(_SC_LEVEL2_CACHE_SIZE);
	return v > 0 ? (size_t)v : (size_t)8 << 20;
}
