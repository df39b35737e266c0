// SPDX-License-Identifier: MIT
/*
 * A progress bar on stderr. Only for a person watching: never when stderr
 * is a file or a pipe (logs stay clean), never for work under 1 MiB (it
 * would only flicker), and redrawn at most ten times a second.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define MR_PROGRESS_MIN	  (1ULL << 20)
#define MR_PROGRESS_WIDTH 30

double mr_cli_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void mr_cli_progress_start(struct mr_cli *c, struct mr_cli_progress *p, const char *label,
			   uint64_t total)
{
	p->label = label;
	p->total = total;
	p->on = c->progress && total > MR_PROGRESS_MIN && isatty(STDERR_FILENO);
	p->started = mr_cli_now();
	p->last = 0;
	if (p->on)
		mr_cli_progress_update(p, 0);
}

static void mr_cli_progress_draw(const struct mr_cli_progress *p, uint64_t done)
{
	char bar[MR_PROGRESS_WIDTH + 1], sdone[32], stotal[32];
	unsigned int pct = (unsigned int)((double)done * 100.0 / (double)p->total);
	unsigned int fill = pct * MR_PROGRESS_WIDTH / 100, i;
	bool color = mr_cli_color(stderr);

	for (i = 0; i < MR_PROGRESS_WIDTH; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[MR_PROGRESS_WIDTH] = '\0';
	mr_cli_fmt_size(sdone, sizeof(sdone), done);
	mr_cli_fmt_size(stotal, sizeof(stotal), p->total);
	/* \r and erase-to-end: the bar redraws itself on one line. */
	fprintf(stderr, "\r\033[K%s [%s%s%s] %3u%% %s / %s", p->label, color ? "\033[32m" : "", bar,
		color ? "\033[0m" : "", pct, sdone, stotal);
	fflush(stderr);
}

void mr_cli_progress_update(struct mr_cli_progress *p, uint64_t done)
{
	double now;

	if (!p->on)
		return;
	now = mr_cli_now();
	if (done && done < p->total && now - p->last < 0.1)
		return;
	p->last = now;
	mr_cli_progress_draw(p, done > p->total ? p->total : done);
}

void mr_cli_progress_end(struct mr_cli_progress *p)
{
	if (!p->on)
		return;
	mr_cli_progress_draw(p, p->total);
	fputc('\n', stderr);
	p->on = false;
}
