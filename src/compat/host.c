// SPDX-License-Identifier: MIT
/*
 * The run a module host asks for (memremap/compat_host.h): the machine's
 * device tree becomes platform devices, the initcalls run level by level
 * (each module's module_init() at device level), every probe is reported
 * with its return value, the modules unload in reverse, and what is still
 * mapped is told apart: kept on purpose by code that has no way out (no
 * exit, no remove: built-in code keeps what it maps), or leaked (a failed
 * probe or init that mapped and returned, code whose exit ran and left it).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

/* ------------------------------------------------------------ initcalls */

struct initcall {
	initcall_t fn;
	int level;
	const char *name;
};

static struct initcall initcalls[256];
static size_t ninitcalls;

MR_EXPORT void mr_initcall_register(initcall_t fn, int level, const char *name)
{
	if (ninitcalls < ARRAY_SIZE(initcalls))
		initcalls[ninitcalls++] = (struct initcall){fn, level, name};
}

/* --------------------------------------------------- who made a mapping */

enum ctx_kind { CTX_INITCALL, CTX_MODULE_INIT, CTX_PROBE };

struct snap {
	void **addr;
	size_t n, cap;
};

/* A stretch of driver code whose new mappings are its own. */
struct ctx {
	enum ctx_kind kind;
	char name[160];
	int ret;
	bool has_exit; /* a way back exists: module_exit(), or the driver's remove() */
	void **maps;
	size_t nmaps;
	struct snap *before; /* what was mapped when it began */
};

static struct ctx ctxs[512];
static size_t nctx;

static int snap_cb(const struct mr_mapping_info *info, void *arg)
{
	struct snap *s = arg;

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		void **a = realloc(s->addr, cap * sizeof(*a));

		if (!a)
			return -ENOMEM;
		s->addr = a;
		s->cap = cap;
	}
	s->addr[s->n++] = info->addr;
	return 0;
}

static struct mr_machine *run_machine;

static void snap_take(struct snap *s)
{
	s->n = 0;
	if (run_machine) {
		mr_machine_for_each_mapping(run_machine, snap_cb, s);
		mr_machine_for_each_direct(run_machine, snap_cb, s);
	}
}

static bool snap_has(const struct snap *s, void *addr)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->addr[i] == addr)
			return true;
	return false;
}

static struct ctx *ctx_begin(enum ctx_kind kind, const char *name, bool has_exit)
{
	struct ctx *c;

	if (nctx == ARRAY_SIZE(ctxs))
		return NULL;
	c = &ctxs[nctx++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->has_exit = has_exit;
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->before = calloc(1, sizeof(*c->before));
	if (c->before)
		snap_take(c->before);
	return c;
}

static void ctx_end(struct ctx *c, int ret)
{
	struct snap after = {0};

	if (!c)
		return;
	c->ret = ret;
	if (!c->before)
		return; /* out of memory: its mappings stay unattributed */
	snap_take(&after);
	for (size_t i = 0; i < after.n; i++)
		if (!snap_has(c->before, after.addr[i])) {
			void **m = realloc(c->maps, (c->nmaps + 1) * sizeof(*m));

			if (!m)
				break;
			c->maps = m;
			c->maps[c->nmaps++] = after.addr[i];
		}
	free(after.addr);
	free(c->before->addr);
	free(c->before);
	c->before = NULL;
}

/* ------------------------------------------------------------ reporting */

static void (*note_fn)(void *arg, const char *line);
static void *note_arg;
static struct mr_compat_result *result;
static struct ctx *probe_ctx[64];
static int probe_depth;

static void __attribute__((format(printf, 1, 2))) note(const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	mr_compat_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (note_fn)
		note_fn(note_arg, line);
}

void mr_host_probe_begin(struct device *dev, const char *driver)
{
	char name[160];

	snprintf(name, sizeof(name), "%s probe of %s", driver ? driver : "?", dev_name(dev));
	if (probe_depth < (int)ARRAY_SIZE(probe_ctx))
		probe_ctx[probe_depth] = ctx_begin(
			CTX_PROBE, name, dev->driver && mr_driver_has_remove(dev->driver));
	probe_depth++;
}

void mr_host_probe_end(struct device *dev, const char *driver, int ret)
{
	struct ctx *c = --probe_depth < (int)ARRAY_SIZE(probe_ctx) ? probe_ctx[probe_depth] : NULL;

	ctx_end(c, ret);
	if (result) {
		result->probes++;
		result->probes_failed += ret != 0;
	}
	if (ret)
		note("probe: %s %s: returned %d (%pe)", driver, dev_name(dev), ret, ERR_PTR(ret));
	else
		note("probe: %s %s: returned 0 (bound)", driver, dev_name(dev));
}

void mr_host_record(const char *kind, const char *owner, const char *what)
{
	(void)owner;
	note("record: %s %s", kind, what);
}

static struct thermal_zone_device *zones[32];
static struct nvmem_device *nvmems[32];

void mr_host_thermal(struct thermal_zone_device *tz)
{
	for (size_t i = 0; i < ARRAY_SIZE(zones); i++)
		if (!zones[i]) {
			zones[i] = tz;
			break;
		}
}

void mr_host_thermal_gone(struct thermal_zone_device *tz)
{
	for (size_t i = 0; i < ARRAY_SIZE(zones); i++)
		if (zones[i] == tz)
			zones[i] = NULL;
}

void mr_host_nvmem(struct nvmem_device *nv)
{
	for (size_t i = 0; i < ARRAY_SIZE(nvmems); i++)
		if (!nvmems[i]) {
			nvmems[i] = nv;
			break;
		}
}

void mr_host_nvmem_gone(struct nvmem_device *nv)
{
	for (size_t i = 0; i < ARRAY_SIZE(nvmems); i++)
		if (nvmems[i] == nv)
			nvmems[i] = NULL;
}

/* What the registered zones and providers answer, read through the driver's own calls. */
static void report_providers(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(zones); i++) {
		const char *type;
		int temp = 0, ret;

		if (!zones[i])
			continue;
		ret = mr_thermal_read(zones[i], &type, &temp);
		if (ret)
			note("thermal: zone %s: get_temp returned %d", type, ret);
		else
			note("thermal: zone %s: %d millidegrees Celsius", type, temp);
	}
	for (size_t i = 0; i < ARRAY_SIZE(nvmems); i++) {
		const char *name;
		u8 buf[16];
		int size = 0, ret;

		if (!nvmems[i])
			continue;
		memset(buf, 0, sizeof(buf));
		ret = mr_nvmem_read(nvmems[i], &name, buf, sizeof(buf), &size);
		if (ret < 0)
			note("nvmem: %s (%d bytes): reg_read returned %d (%pe)", name, size, ret,
			     ERR_PTR(ret));
		else if (ret)
			/* The nvmem core wants 0; a count is passed on to readers as it is. */
			note("nvmem: %s (%d bytes): %*ph (reg_read returned %d, not 0)", name, size,
			     size < 16 ? size : 16, buf, ret);
		else
			note("nvmem: %s (%d bytes): %*ph", name, size, size < 16 ? size : 16, buf);
	}
}

/* Each mapping still live: whose it is, and whether that is a leak. */
static int report_left(const struct mr_mapping_info *info, void *arg)
{
	struct mr_compat_result *res = arg;
	struct ctx *owner = NULL;

	/* The innermost first: a probe runs inside the initcall that registered its driver. */
	for (size_t i = nctx; i-- && !owner;)
		for (size_t j = 0; j < ctxs[i].nmaps; j++)
			if (ctxs[i].maps[j] == info->addr)
				owner = &ctxs[i];
	char held[160] = "";

	if (info->dev)
		snprintf(held, sizeof(held), ", held by device %s, never unbound",
			 mr_device_name(info->dev));
	if (owner && !owner->ret && !owner->has_exit) {
		res->kept++;
		note("kept: %#llx+%#zx %s (%s) by %s: built-in code with no exit keeps it on "
		     "purpose",
		     (unsigned long long)info->phys, info->size, mr_type_name(info->type),
		     info->how, owner->name);
		return 0;
	}
	res->leaked++;
	if (owner && owner->ret)
		note("left mapped: %#llx+%#zx %s (%s)%s: LEAK by %s, which returned %d (%pe): a "
		     "failed %s must unmap what it mapped",
		     (unsigned long long)info->phys, info->size, mr_type_name(info->type),
		     info->how, held, owner->name, owner->ret, ERR_PTR(owner->ret),
		     owner->kind == CTX_PROBE ? "probe" : "init");
	else
		note("left mapped: %#llx+%#zx %s (%s)%s: LEAK by %s, still mapped after its exit",
		     (unsigned long long)info->phys, info->size, mr_type_name(info->type),
		     info->how, held, owner ? owner->name : "the module");
	return 0;
}

/* ------------------------------------------------------------------ run */

static int run_initcalls(const struct mr_compat_module *mods, size_t n, bool *exit_of_fn)
{
	int failed = 0;

	(void)exit_of_fn;
	for (int level = -2; level <= 15; level++) {
		for (size_t i = 0; i < ninitcalls; i++) {
			struct ctx *c;
			int ret;

			if (initcalls[i].level != level)
				continue;
			/* Built-in code: no exit ever runs for an initcall. */
			c = ctx_begin(CTX_INITCALL, initcalls[i].name, false);
			ret = initcalls[i].fn();
			ctx_end(c, ret);
			note("initcall: %s (level %d) returned %d", initcalls[i].name, level / 2,
			     ret);
			failed += ret != 0;
		}
		if (level != 12)
			continue;
		for (size_t m = 0; m < n; m++) {
			struct ctx *c;
			int ret;

			if (!mods[m].init)
				continue;
			c = ctx_begin(CTX_MODULE_INIT, mods[m].path, mods[m].exit != NULL);
			ret = mods[m].init();
			ctx_end(c, ret);
			if (ret)
				note("%s: init returned %d (%s)", mods[m].path, ret,
				     ret < 0 ? strerror(-ret) : "not a negative errno");
			else
				note("module_init: %s returned 0", mods[m].path);
			failed += ret != 0;
		}
	}
	return failed;
}

static size_t count_cb_n;

static int count_cb(const struct mr_mapping_info *info, void *arg)
{
	(void)info;
	(void)arg;
	count_cb_n++;
	return 0;
}

static size_t count_live(struct mr_machine *m)
{
	count_cb_n = 0;
	mr_machine_for_each_mapping(m, count_cb, NULL);
	mr_machine_for_each_direct(m, count_cb, NULL);
	return count_cb_n;
}

MR_EXPORT int mr_compat_run(struct mr_machine *m, const struct mr_compat_module *mods, size_t n,
			    void (*notefn)(void *arg, const char *line), void *arg,
			    struct mr_compat_result *res)
{
	int ret;

	memset(res, 0, sizeof(*res));
	note_fn = notefn;
	note_arg = arg;
	result = res;
	run_machine = m;
	ret = mr_platform_populate_machine();
	if (ret) {
		note("device tree: cannot read the machine's tree: %s", strerror(-ret));
		return ret;
	}
	res->init_failed = run_initcalls(mods, n, NULL);
	res->live_after_init = count_live(m);
	report_providers();
	/* Unload in reverse; a module whose init failed is not loaded, so no exit. */
	for (size_t i = n; i--;) {
		bool failed = false;

		for (size_t c = 0; c < nctx; c++)
			if (ctxs[c].kind == CTX_MODULE_INIT && !strcmp(ctxs[c].name, mods[i].path))
				failed = ctxs[c].ret != 0;
		if (mods[i].exit && !failed) {
			mods[i].exit();
			res->exits++;
		}
	}
	/* Devices of built-in drivers stay bound: only unbind what can be unbound. */
	mr_machine_for_each_mapping(m, report_left, res);
	mr_machine_for_each_direct(m, report_left, res);
	for (size_t i = 0; i < nctx; i++)
		free(ctxs[i].maps);
	nctx = 0;
	run_machine = NULL;
	result = NULL;
	return 0;
}

MR_EXPORT void mr_compat_free(void *p)
{
	free(p);
}
