// SPDX-License-Identifier: MIT
/*
 * Text from outside made safe for a terminal (src/base/escape.c), and the
 * library's messages that quote resource names: a /proc/iomem whose names
 * hold escape sequences must not reach the reader's terminal raw through
 * mr_errmsg() (issue 13 item 12).
 */
#include "mr_test.h"

#include "escape.h"

struct esc_case {
	const char *in;
	size_t n; /* bytes of @in; 0: strlen */
	const char *want;
	const char *want_ctl; /* mr__escape_ctl(); NULL: the same as @want */
};

static const struct esc_case esc_cases[] = {
	{"System RAM", 0, "System RAM", NULL},
	{"", 0, "", NULL},
	{"\x1b[31mred\x1b[0m", 0, "\\x1b[31mred\\x1b[0m", NULL},
	{"a\tb\nc\rd", 0, "a\\tb\\nc\\rd", NULL},
	{"bell\x07 del\x7f", 0, "bell\\x07 del\\x7f", NULL},
	{"back\\slash", 0, "back\\\\slash", "back\\slash"},
	/* UTF-8 text stays; C1 controls (CSI is U+009B) and broken bytes do not. */
	{"caf\xc3\xa9 \xe2\x82\xac", 0, "caf\xc3\xa9 \xe2\x82\xac", NULL},
	{"csi\xc2\x9b"
	 "2J",
	 0, "csi\\xc2\\x9b2J", NULL},
	{"raw\x9b", 0, "raw\\x9b", NULL},
	{"bad\xff\xfe", 0, "bad\\xff\\xfe", NULL},
	{"overlong\xc0\xaf", 0, "overlong\\xc0\\xaf", NULL},
	{"surrogate\xed\xa0\x80", 0, "surrogate\\xed\\xa0\\x80", NULL},
	{"cut\xe2\x82", 0, "cut\\xe2\\x82", NULL},
	/* A counted string stops where it is told, even inside a character. */
	{"ab\xc3\xa9", 3, "ab\\xc3", NULL},
	{"nul\0hidden", 5, "nul\\x00h", NULL},
};

static void test_cases(void **state)
{
	char buf[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(esc_cases) / sizeof(esc_cases[0]); i++) {
		const struct esc_case *c = &esc_cases[i];
		size_t n = c->n ? c->n : strlen(c->in);

		assert_string_equal(mr__escape_n(buf, sizeof(buf), c->in, n), c->want);
		if (!c->n) {
			assert_string_equal(mr__escape(buf, sizeof(buf), c->in), c->want);
			assert_string_equal(mr__escape_ctl(buf, sizeof(buf), c->in),
					    c->want_ctl ? c->want_ctl : c->want);
		}
	}
	assert_string_equal(mr__escape(buf, sizeof(buf), NULL), "");
}

/* Every byte value alone: what comes out is printable ASCII or was UTF-8 text. */
static void test_every_byte(void **state)
{
	char in[2] = "", buf[8];
	unsigned int c;

	(void)state;
	for (c = 1; c < 256; c++) {
		in[0] = (char)c;
		mr__escape(buf, sizeof(buf), in);
		if (c >= 0x20 && c < 0x7f && c != '\\')
			assert_true(buf[0] == (char)c && !buf[1]);
		else
			assert_true(buf[0] == '\\' && strlen(buf) >= 2);
		for (const char *p = buf; *p; p++)
			assert_true(*p >= 0x20 && *p < 0x7f);
	}
}

/* A short buffer cuts before an escape that does not fit, never inside one. */
static void test_cut(void **state)
{
	char buf[16];
	size_t len;

	(void)state;
	for (len = 1; len <= sizeof(buf); len++) {
		memset(buf, 'Z', sizeof(buf));
		mr__escape(buf, len,
			   "ab\x1b"
			   "cd\xc3\xa9");
		assert_true(strlen(buf) < len);
		assert_memory_equal(buf, "ab\\x1bcd\xc3\xa9", strlen(buf));
		/* Whole pieces only: "ab", then "\x1b" at once, then c, d, then é. */
		assert_true(strlen(buf) <= 2 || strlen(buf) >= 6);
		assert_true(strlen(buf) != 9);
	}
	buf[0] = 'Z';
	mr__escape(buf, 0, "x");
	assert_int_equal(buf[0], 'Z');
}

/* ------------------------------------------------- the library's messages */

/* No byte of @s is a control character. */
static void assert_terminal_safe(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f || (unsigned char)*s == 0x9b)
			fail_msg("control byte %#x in: %s", (unsigned char)*s, s);
}

static const char hostile_map[] = "00000000-0fffffff : System RAM\n"
				  "10000000-1fffffff : \x1b]0;pwned\x07title\n"
				  "20000000-2fffffff : PCI Bus 0000:00\n"
				  "  20000000-2000ffff : \x1b[2Jclear\n"
				  "30000000-3fffffff : Reserved\n"
				  "40000000-4fffffff : PCI Bus 0000:01\n";

static struct mr_machine *hostile_machine(char *dir, size_t len)
{
	char path[300], spec[400];
	FILE *f;

	snprintf(dir, len, "/tmp/mr-escape-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/map", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(hostile_map, f);
	fclose(f);
	snprintf(spec, sizeof(spec), "sim:%s", path);
	return mr_test_machine(spec);
}

static void test_messages(void **state)
{
	char dir[64], path[300];
	struct mr_machine *m = hostile_machine(dir, sizeof(dir));
	struct resource *root = mr_iomem_resource(m);
	struct resource *r;
	struct mr_query q;

	(void)state;
	/* Mixed: the refusal lists both resources. */
	assert_null(mr_memremap(m, 0x0ffff000, 0x2000, MEMREMAP_WB));
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(mr_errmsg(), "'\\x1b]0;pwned\\x07title'"));
	assert_terminal_safe(mr_errmsg());
	/* An exclusive claim meets the busy child. */
	assert_null(mr_memremap(m, 0x20000000, 0x1000, MEMREMAP_DEV | MEMREMAP_EXCLUSIVE));
	assert_int_equal(errno, EBUSY);
	assert_non_null(strstr(mr_errmsg(), "'\\x1b[2Jclear'"));
	assert_terminal_safe(mr_errmsg());
	assert_int_equal(
		mr_memremap_query(m, 0x20000000, 0x1000, MEMREMAP_DEV | MEMREMAP_EXCLUSIVE, &q),
		-EBUSY);
	assert_terminal_safe(q.why);
	/* A request that meets a resource already in the tree. */
	r = request_mem_region(0x40000000, 0x1000, "\x1b[5mblink");
	assert_non_null(r);
	assert_null(request_mem_region(0x40000000, 0x1000, "again"));
	assert_non_null(strstr(mr_errmsg(), "'\\x1b[5mblink'"));
	assert_terminal_safe(mr_errmsg());
	release_mem_region(0x40000000, 0x1000);
	(void)root;
	mr_test_machine_done(m);
	snprintf(path, sizeof(path), "%s/map", dir);
	unlink(path);
	rmdir(dir);
}

/* The map parser quotes the parent a line does not fit in. */
static void test_parser_messages(void **state)
{
	static const char map[] = "00000000-0000ffff : \x1b[31mparent\n"
				  "  00010000-0001ffff : child\n";
	struct resource *root;

	(void)state;
	root = mr_iomem_parse(map, sizeof(map) - 1, UINT64_MAX);
	assert_null(root);
	assert_non_null(strstr(mr_errmsg(), "\\x1b[31mparent"));
	assert_terminal_safe(mr_errmsg());
}

/* A spec from the environment is shown, never obeyed. */
static void test_spec_messages(void **state)
{
	struct mr_machine *m = NULL;

	(void)state;
	assert_int_equal(mr_machine_open(&m, "sim,\x1b[2Jbogus"), -EINVAL);
	assert_non_null(strstr(mr_errmsg(), "'\\x1b[2Jbogus'"));
	assert_terminal_safe(mr_errmsg());
	assert_int_equal(mr_machine_open(&m, "sim,phys-bits=4\x1b[0m"), -EINVAL);
	assert_non_null(strstr(mr_errmsg(), "4\\x1b[0m"));
	assert_terminal_safe(mr_errmsg());
	assert_int_equal(mr_machine_open(&m, "\x1b[2Jnot-a-machine"), -EINVAL);
	assert_non_null(strstr(mr_errmsg(), "'\\x1b[2Jnot-a-machine'"));
	assert_terminal_safe(mr_errmsg());
	assert_null(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_parser_messages),
		cmocka_unit_test(test_spec_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
