// SPDX-License-Identifier: MIT
/*
 * `memremap query ADDR SIZE`: what memremap() would do with a range for each
 * cache type, and why, without mapping anything. A refusal that comes from a
 * cache type already held (a live mapping, or a PAT entry the kernel holds)
 * names that holder.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"
#include "json.h"

static const unsigned long mr_query_all[] = {MEMREMAP_WB, MEMREMAP_WT, MEMREMAP_WC, MEMREMAP_DEV};

/* Questions one query may ask: each --type is one, "wt,wc" asks WT|WC. */
#define MR_QUERY_MAX 16

struct mr_query_args {
	uint64_t addr, size;
	unsigned long types[MR_QUERY_MAX];
	size_t ntypes;
	unsigned long extra; /* ENC, DEC, EXCLUSIVE */
};

struct mr_query_answer {
	unsigned long type;
	struct mr_query q;
	const char *attr; /* the memory attribute it would get ("UC-", "Normal-NC") */
	char why[512];	  /* q.why, with the holder named when it refused */
};

struct mr_query_report {
	int ri;
	bool held;
	unsigned long held_type;
	char who[256];
	struct mr_query_answer ans[MR_QUERY_MAX];
};

/* "wt" for one type, "wt|wc" for a question that asks several. */
static const char *mr_query_types_name(unsigned long types)
{
	static char buf[4][24];
	static int turn;
	char *p = buf[turn++ % 4];
	size_t i, n = 0;

	p[0] = '\0';
	for (i = 0; i < MR_ARRAY_SIZE(mr_query_all); i++)
		if (types & mr_query_all[i])
			n += (size_t)snprintf(p + n, sizeof(buf[0]) - n, "%s%s", n ? "|" : "",
					      mr_cli_type_name(mr_query_all[i]));
	return p;
}

static const char *mr_query_ri_name(int ri)
{
	switch (ri) {
	case REGION_INTERSECTS:
		return "REGION_INTERSECTS";
	case REGION_DISJOINT:
		return "REGION_DISJOINT";
	case REGION_MIXED:
		return "REGION_MIXED";
	}
	return "unknown";
}

static const char *mr_query_strip(const char *msg)
{
	return strncmp(msg, "memremap: ", 10) ? msg : msg + 10;
}

/* Each type asked about, through the library's dry run. */
static void mr_query_ask(struct mr_cli *c, const struct mr_query_args *a,
			 struct mr_query_report *rep)
{
	size_t i;

	for (i = 0; i < a->ntypes; i++) {
		struct mr_query_answer *ans = &rep->ans[i];

		ans->type = a->types[i];
		mr_memremap_query(c->m, a->addr, (size_t)a->size, a->types[i] | a->extra, &ans->q);
		ans->attr = ans->q.result ? NULL
					  : mr_memremap_attr(c->m, a->addr, (size_t)a->size,
							     a->types[i] | a->extra);
		if (i == 0)
			rep->ri = ans->q.ri;
		snprintf(ans->why, sizeof(ans->why), "%s", mr_query_strip(ans->q.why));
		/* A conflict must say who holds the type in the way. */
		if (ans->q.result == -EAGAIN && rep->held && !strstr(ans->why, rep->who)) {
			size_t n = strlen(ans->why);

			snprintf(ans->why + n, sizeof(ans->why) - n, "; the type is held by %s",
				 rep->who);
		}
	}
}

static void mr_query_resource_row(const struct resource *r, int depth, int digits)
{
	char name[MR__ESCAPED_MAX(MR_IOMEM_MAX_LINE)];

	printf("  %0*" PRIx64 "-%0*" PRIx64 "  %-10s  %*s%s\n", digits, r->start, digits, r->end,
	       mr_cli_kind_info(mr_cli_kind_of(r))->name, 2 * depth, "",
	       mr_cli_name(name, sizeof(name), r));
}

static void mr_query_resources_text(const struct resource *r, uint64_t s, uint64_t e, int depth,
				    int digits)
{
	for (; r; r = r->sibling) {
		if (r->end < s || r->start > e)
			continue;
		mr_query_resource_row(r, depth, digits);
		mr_query_resources_text(r->child, s, e, depth + 1, digits);
	}
}

static bool mr_query_touches(const struct resource *r, uint64_t s, uint64_t e)
{
	for (; r; r = r->sibling)
		if (!(r->end < s || r->start > e))
			return true;
	return false;
}

/* Only x86 tracks the cache type of every mapping (its PAT). */
static bool mr_query_tracked(struct mr_machine *m)
{
	return strcmp(mr_machine_arch(m), "x86_64") == 0;
}

static void mr_query_text(struct mr_cli *c, const struct mr_query_args *a,
			  const struct mr_query_report *rep)
{
	struct resource *root = mr_iomem_resource(c->m);
	uint64_t end = a->addr + a->size - 1;
	int digits = mr_cli_addr_digits(root), width = 5, aw = 4;
	char size[32];
	size_t i;

	for (i = 0; i < a->ntypes; i++) {
		if ((int)strlen(mr_query_types_name(a->types[i])) > width)
			width = (int)strlen(mr_query_types_name(a->types[i]));
		if (rep->ans[i].attr && (int)strlen(rep->ans[i].attr) > aw)
			aw = (int)strlen(rep->ans[i].attr);
	}
	mr_cli_fmt_size(size, sizeof(size), a->size);
	printf("memremap(0x%" PRIx64 ", 0x%" PRIx64 ") on %s: " MR_CLI_MEM ", %s\n", a->addr,
	       a->size, mr_machine_spec(c->m), a->addr, end, size);
	printf("region_intersects(System RAM): %s\n", mr_query_ri_name(rep->ri));
	printf("resources touched:%s\n",
	       mr_query_touches(root->child, a->addr, end) ? "" : " none");
	mr_query_resources_text(root->child, a->addr, end, 0, digits);
	if (rep->held)
		printf("cache type already held: %s, by %s\n", mr_cli_type_name(rep->held_type),
		       rep->who);
	else if (!mr_query_tracked(c->m))
		printf("cache type already held: not tracked (%s has no memory-type tracking)\n",
		       mr_machine_arch(c->m));
	else
		printf("cache type already held: none\n");
	printf("%-*s %-8s %-6s %-*s %s\n", width, "type", "answer", "gets", aw, "attr",
	       "path / reason");
	for (i = 0; i < a->ntypes; i++) {
		const struct mr_query_answer *ans = &rep->ans[i];

		if (ans->q.result)
			printf("%-*s %-8s %-6s %-*s %s\n", width, mr_query_types_name(ans->type),
			       "refused", mr_cli_errno_name(-ans->q.result), aw, "", ans->why);
		else
			printf("%-*s %-8s %-6s %-*s %s%s%s\n", width,
			       mr_query_types_name(ans->type), "maps",
			       mr_cli_type_name(ans->q.type), aw, ans->attr ? ans->attr : "?",
			       ans->q.how, ans->why[0] ? ": " : "", ans->why);
	}
}

static void mr_query_resources_json(struct mr_json *j, const struct resource *r, uint64_t s,
				    uint64_t e, int depth)
{
	for (; r; r = r->sibling) {
		if (r->end < s || r->start > e)
			continue;
		mr_json_object(j, NULL);
		mr_json_str(j, "name", r->name ? r->name : "");
		mr_json_addr(j, "start", r->start);
		mr_json_addr(j, "end", r->end);
		mr_json_str(j, "kind", mr_cli_kind_info(mr_cli_kind_of(r))->name);
		mr_json_i64(j, "depth", depth);
		mr_json_end(j);
		mr_query_resources_json(j, r->child, s, e, depth + 1);
	}
}

static void mr_query_answer_json(struct mr_json *j, const struct mr_query_answer *ans,
				 unsigned long extra)
{
	mr_json_object(j, NULL);
	mr_json_str(j, "type", mr_query_types_name(ans->type));
	mr_json_u64(j, "flags", ans->type | extra);
	mr_json_bool(j, "maps", ans->q.result == 0);
	mr_json_i64(j, "result", ans->q.result);
	if (ans->q.result) {
		mr_json_str(j, "errno", mr_cli_errno_name(-ans->q.result));
		mr_json_null(j, "gets");
		mr_json_null(j, "attr");
		mr_json_null(j, "how");
		mr_json_bool(j, "direct", false);
		mr_json_str(j, "why", ans->why);
	} else {
		mr_json_null(j, "errno");
		mr_json_str(j, "gets", mr_cli_type_name(ans->q.type));
		mr_json_str(j, "attr", ans->attr ? ans->attr : "?");
		mr_json_str(j, "how", ans->q.how);
		mr_json_bool(j, "direct", ans->q.direct);
		mr_json_str(j, "why", ans->why);
	}
	mr_json_end(j);
}

static void mr_query_json(struct mr_cli *c, const struct mr_query_args *a,
			  const struct mr_query_report *rep)
{
	struct resource *root = mr_iomem_resource(c->m);
	struct mr_json j;
	size_t i;

	mr_json_init(&j, stdout);
	mr_json_object(&j, NULL);
	mr_cli_json_machine(&j, c->m);
	mr_json_addr(&j, "start", a->addr);
	mr_json_addr(&j, "size", a->size);
	mr_json_addr(&j, "end", a->addr + a->size - 1);
	mr_json_bool(&j, "enc", a->extra & MEMREMAP_ENC);
	mr_json_bool(&j, "dec", a->extra & MEMREMAP_DEC);
	mr_json_bool(&j, "exclusive", a->extra & MEMREMAP_EXCLUSIVE);
	mr_json_str(&j, "region_intersects", mr_query_ri_name(rep->ri));
	mr_json_i64(&j, "region_intersects_value", rep->ri);
	mr_json_array(&j, "resources");
	mr_query_resources_json(&j, root->child, a->addr, a->addr + a->size - 1, 0);
	mr_json_end(&j);
	if (rep->held) {
		mr_json_object(&j, "held");
		mr_json_str(&j, "type", mr_cli_type_name(rep->held_type));
		mr_json_str(&j, "who", rep->who);
		mr_json_end(&j);
	} else {
		mr_json_null(&j, "held");
	}
	mr_json_bool(&j, "memtype_tracked", mr_query_tracked(c->m));
	mr_json_array(&j, "types");
	for (i = 0; i < a->ntypes; i++)
		mr_query_answer_json(&j, &rep->ans[i], a->extra);
	mr_json_end(&j);
	mr_json_finish(&j);
}

/* One question: "wc", or "wt,wc" for memremap(WT | WC), which tries each in turn. */
static bool mr_query_add_type(struct mr_cli *c, struct mr_query_args *a, const char *s)
{
	char list[64], *tok, *save = NULL;
	unsigned long type, mask = 0;
	size_t i;

	if (snprintf(list, sizeof(list), "%s", s) >= (int)sizeof(list) || !*s) {
		mr_cli_usage_error(c, "bad cache type '%s': expected wb, wt, wc or dev", s);
		return false;
	}
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!mr_cli_type(c, tok, &type))
			return false;
		mask |= type;
	}
	if (!mask) {
		mr_cli_usage_error(c, "bad cache type '%s': expected wb, wt, wc or dev", s);
		return false;
	}
	for (i = 0; i < a->ntypes; i++)
		if (a->types[i] == mask)
			return true;
	if (a->ntypes == MR_QUERY_MAX) {
		mr_cli_usage_error(c, "more than %d questions", MR_QUERY_MAX);
		return false;
	}
	a->types[a->ntypes++] = mask;
	return true;
}

/* False when the subcommand must stop and return c->ret (help, or a usage error). */
static bool mr_query_parse(struct mr_cli *c, int argc, char **argv, struct mr_query_args *a)
{
	int opt;

	while ((opt = mr_cli_getopt(c, argc, argv)) != -1) {
		if (opt == MR_CLI_STOP)
			return false;
		if (opt == 't' && !mr_query_add_type(c, a, optarg))
			return false;
		a->extra |= opt == 'e' ? MEMREMAP_ENC : opt == 'd' ? MEMREMAP_DEC : 0;
		a->extra |= opt == 'x' ? MEMREMAP_EXCLUSIVE : 0;
	}
	if (!mr_cli_operands(c, argc, argv, 1, 2) ||
	    !mr_cli_region(c, argv + optind, argc - optind, &a->addr, &a->size) ||
	    !mr_cli_range(c, a->addr, a->size))
		return false;
	if (!a->ntypes) {
		memcpy(a->types, mr_query_all, sizeof(mr_query_all));
		a->ntypes = MR_ARRAY_SIZE(mr_query_all);
	}
	return true;
}

static int mr_cli_query(struct mr_cli *c, int argc, char **argv)
{
	struct mr_query_args a = {0};
	struct mr_query_report rep = {0};
	size_t i;
	int ret;

	if (!mr_query_parse(c, argc, argv, &a))
		return c->ret;
	ret = mr_cli_machine_open(c);
	if (ret)
		return ret;
	rep.held = mr_machine_memtype(c->m, a.addr, (size_t)a.size, &rep.held_type, rep.who,
				      sizeof(rep.who)) == 1;
	mr_query_ask(c, &a, &rep);
	if (c->json)
		mr_query_json(c, &a, &rep);
	else
		mr_query_text(c, &a, &rep);
	for (i = 0; i < a.ntypes; i++)
		if (!rep.ans[i].q.result)
			return MR_EXIT_OK;
	return MR_EXIT_FAIL;
}

static const struct mr_cli_opt mr_query_opts[] = {
	{"type", 't', "T",
	 "wb, wt, wc or dev; repeat for several (default: all four);\n"
	 "'wt,wc' asks once with both flags"},
	{"enc", 'e', NULL, "add MEMREMAP_ENC"},
	{"dec", 'd', NULL, "add MEMREMAP_DEC"},
	{"exclusive", 'x', NULL, "add MEMREMAP_EXCLUSIVE (claim the range busy)"},
	{"json", 'j', NULL, "JSON output"},
	{NULL, 0, NULL, NULL},
};

const struct mr_cli_cmd mr_cli_cmd_query = {
	.name = "query",
	.summary = "what memremap would do with a range, for each cache type",
	.synopsis = "ADDR SIZE [--type T]... [--enc | --dec] [--exclusive] [--json]",
	.about = "Ask, without mapping anything, what memremap(ADDR, SIZE, type) would do for\n"
		 "each cache type: region_intersects() for System RAM, the resources touched,\n"
		 "the cache type already held there (a live mapping or a kernel PAT entry),\n"
		 "and per type the path, type and memory attribute it would get (x86: WB,\n"
		 "WT, WC, UC-; arm64: Normal, Normal-NC, Device-nGnRE, Device-nGnRnE), or\n"
		 "why it is refused.\n",
	.opts = mr_query_opts,
	.notes = "Exit status 0 when some type asked about would map, 1 when all are refused.\n",
	.run = mr_cli_query,
};
