// SPDX-License-Identifier: MIT
/*
 * The mmiotrace line reader (mr_trace_parse_line, src/base/trace.c): any
 * bytes give a record, a line without one, or -EINVAL with a message, and
 * never read past the length given. A record of an access has a width of
 * 1, 2, 4 or 8 bytes and a value that fits it, and printing it back in
 * the format the kernel and MEMREMAP_TRACE write reads the same again.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <memremap.h>
#include <memremap/sim.h>

#include "fuzz.h"

#define FUZZ_LINE_MAX 512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mr_trace_rec r, again;
	char *line, text[256];
	int ret, n;

	if (size > FUZZ_LINE_MAX)
		return 0;
	/* Exactly @size bytes: the sanitizers catch a read past them. */
	line = malloc(size ? size : 1);
	if (!line)
		return 0;
	memcpy(line, data, size);
	ret = mr_trace_parse_line(line, size, &r);
	FUZZ_CHECK(ret == 0 || ret == 1 || ret == -EINVAL, "returned %d", ret);
	if (ret < 0)
		FUZZ_CHECK(mr_errmsg()[0], "a refusal without a message");
	if (ret == 0 && (r.kind == MR_TRACE_READ || r.kind == MR_TRACE_WRITE)) {
		FUZZ_CHECK(r.width == 1 || r.width == 2 || r.width == 4 || r.width == 8, "width %u",
			   r.width);
		FUZZ_CHECK(r.width == 8 || !(r.value >> (r.width * 8)),
			   "value %#" PRIx64 " wider than %u", r.value, r.width);
		n = snprintf(text, sizeof(text),
			     "%c %u %" PRIu64 ".%06" PRIu64 " %u 0x%" PRIx64 " 0x%" PRIx64
			     " 0x%" PRIx64 " 0",
			     r.kind, r.width, r.usec / 1000000, r.usec % 1000000, r.map_id, r.phys,
			     r.value, r.pc);
		FUZZ_CHECK(n > 0 && (size_t)n < sizeof(text), "print");
		FUZZ_CHECK(!mr_trace_parse_line(text, (size_t)n, &again), "'%s' does not read back",
			   text);
		FUZZ_CHECK(again.kind == r.kind && again.width == r.width && again.usec == r.usec &&
				   again.phys == r.phys && again.value == r.value &&
				   again.pc == r.pc,
			   "'%s' reads back otherwise", text);
	}
	if (ret == 0 && r.kind == MR_TRACE_MARK)
		FUZZ_CHECK(r.text >= line && r.text + r.text_len <= line + size,
			   "a MARK's text outside the line");
	free(line);
	return 0;
}
