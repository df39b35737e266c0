// SPDX-License-Identifier: MIT
/*
 * The doctor's lines: platforms say what they find on this computer through
 * mr__doctor_say(); the api layer adds what the plan would do.
 */
#include <stdio.h>
#include <string.h>

#include "mr_machine.h"

void mr__doctor_say(struct mr__doctor *d, int level, const char *topic, const char *fix,
		    const char *fmt, ...)
{
	struct mr_doctor_line line;
	va_list ap;

	memset(&line, 0, sizeof(line));
	line.level = level;
	snprintf(line.topic, sizeof(line.topic), "%s", topic);
	va_start(ap, fmt);
	vsnprintf(line.what, sizeof(line.what), fmt, ap);
	va_end(ap);
	snprintf(line.fix, sizeof(line.fix), "%s", fix ? fix : "");
	if (level > d->worst)
		d->worst = level;
	d->fn(&line, d->arg);
}
