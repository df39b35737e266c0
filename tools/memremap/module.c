// SPDX-License-Identifier: MIT
/*
 * `memremap module DRIVER.so`: run driver code written for the kernel as a
 * module would run. The shared object is built from the driver's source
 * against the kernel-source headers (include/memremap/compat); its
 * module_init() runs on the chosen machine, then its module_exit(), and the
 * host checks what the kernel cannot: that unloading released every mapping
 * the module made, device-managed ones included.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

#include <memremap.h>
#include <memremap/compat_host.h>

#include "cli.h"

/*
 * The objects <linux/module.h>'s module_init() and module_exit() define: each
 * a const pointer to the driver's function.
 */
#define MODULE_INIT_SYMBOL "mr_module_init"
#define MODULE_EXIT_SYMBOL "mr_module_exit"

typedef int (*module_init_fn)(void);
typedef void (*module_exit_fn)(void);

struct module_run {
	struct mr_cli *c;
	char path[4096];
	void *handle;
	module_init_fn init;
	module_exit_fn exit;
	int init_ret;
	size_t live_after_init;
	size_t left;
};

typedef void *(*module_dlopen_fn)(const char *path, int flags);

/*
 * A driver calls memremap() through libmemremap.so; only a tool that uses
 * that same shared library shares its machine with the driver. A statically
 * linked tool has no program interpreter (AT_BASE is 0) and its own copy of
 * the library: it gets NULL here and must not pretend to run drivers. The
 * dynamic loader's dlopen() is looked up rather than named, so that a static
 * link does not pull in glibc's static one, which it would never call.
 */
static module_dlopen_fn module_dlopen(void)
{
	if (!getauxval(AT_BASE))
		return NULL;
	return (module_dlopen_fn)dlsym(RTLD_DEFAULT, "dlopen");
}

/* dlopen() searches the library path for a bare name; insmod takes a file. */
static int module_set_path(struct module_run *r, const char *arg)
{
	const char *dir = strchr(arg, '/') ? "" : "./";

	if ((size_t)snprintf(r->path, sizeof(r->path), "%s%s", dir, arg) >= sizeof(r->path))
		return mr_cli_usage_error(r->c, "path too long: %s", arg);
	return MR_EXIT_OK;
}

static int module_load(struct module_run *r, module_dlopen_fn load)
{
	const module_init_fn *init_slot;
	const module_exit_fn *exit_slot;

	/* Global, as the kernel's exported symbols: a later module may use an earlier one's. */
	r->handle = load(r->path, RTLD_NOW | RTLD_GLOBAL);
	if (!r->handle)
		return mr_cli_fail(r->c, "%s", dlerror());
	/* Each symbol is an object holding the function pointer, not the function. */
	init_slot = dlsym(r->handle, MODULE_INIT_SYMBOL);
	exit_slot = dlsym(r->handle, MODULE_EXIT_SYMBOL);
	r->init = init_slot ? *init_slot : NULL;
	r->exit = exit_slot ? *exit_slot : NULL;
	/* Built-in code has neither: its initcalls registered with libmemremap-compat. */
	if (!r->init && !r->exit && !dlsym(r->handle, MR_COMPAT_RUN_SYMBOL)) {
		dlclose(r->handle);
		return mr_cli_fail(r->c,
				   "%s has neither module_init() nor module_exit()"
				   " (built with <linux/module.h> from include/memremap/compat?)",
				   r->path);
	}
	return MR_EXIT_OK;
}

static const char *module_errno_name(int err)
{
	return err < 0 ? strerror(-err) : "not a negative errno";
}

static int module_print_left(const struct mr_mapping_info *info, void *arg)
{
	struct module_run *r = arg;

	if (info->dev)
		mr_cli_note(r->c,
			    "left mapped: 0x%llx+0x%zx %s (%s), held by device %s, never unbound",
			    (unsigned long long)info->phys, info->size, mr_type_name(info->type),
			    info->how, mr_device_name(info->dev));
	else
		mr_cli_note(r->c, "left mapped: 0x%llx+0x%zx %s (%s)",
			    (unsigned long long)info->phys, info->size, mr_type_name(info->type),
			    info->how);
	return 0;
}

/* Kernel order: no exit after a failed init; exit only when there is one. */
static void module_run(struct module_run *r)
{
	struct mr_machine *m = r->c->m;
	size_t before = mr_machine_mappings(m);

	if (r->init) {
		r->init_ret = r->init();
		if (r->init_ret)
			mr_cli_note(r->c, "%s: init returned %d (%s)", r->path, r->init_ret,
				    module_errno_name(r->init_ret));
	}
	r->live_after_init = mr_machine_mappings(m) - before;
	if (!r->init_ret && r->exit)
		r->exit();
	else if (!r->init_ret)
		mr_cli_note(r->c, "%s has no module_exit(): the kernel would not unload it",
			    r->path);
	r->left = mr_machine_mappings(m) - before;
	if (r->left)
		mr_machine_for_each_mapping(m, module_print_left, r);
}

static void module_summary(const struct module_run *r)
{
	printf("%s on %s: init %s, %zu mapping%s live after init, exit %s, ", r->path,
	       mr_machine_spec(r->c->m),
	       r->init_ret ? "FAILED"
	       : r->init   ? "ok"
			   : "none",
	       r->live_after_init, r->live_after_init == 1 ? "" : "s",
	       r->init_ret ? "not run"
	       : r->exit   ? "ok"
			   : "none");
	if (r->left)
		printf("%zu mapping%s LEFT BEHIND\n", r->left, r->left == 1 ? "" : "s");
	else
		printf("all released\n");
}

/* A driver's printk() and dev_*(), as the kernel's log shows them, in order. */
static const char *const module_levels[] = {"emerg", "alert",  "crit", "err",
					    "warn",  "notice", "info", "debug"};

static void module_log(int level, const char *msg, void *arg)
{
	(void)arg;
	printf("log: %s: %s\n", level >= 0 && level <= 7 ? module_levels[level] : "?", msg);
}

static void module_note(void *arg, const char *line)
{
	(void)arg;
	printf("%s\n", line);
}

/*
 * Drivers built against libmemremap-compat get the driver core: their
 * device tree, initcalls and probes, and a verdict on each mapping left.
 */
static int module_run_compat(struct mr_cli *c, mr_compat_run_fn run, struct module_run *mods,
			     size_t n)
{
	struct mr_compat_module cm[16];
	struct mr_compat_result res;
	mr_log_fn old;
	int ret;

	for (size_t i = 0; i < n; i++)
		cm[i] = (struct mr_compat_module){mods[i].path, mods[i].init, mods[i].exit};
	fflush(stdout);
	old = mr_set_log(module_log, NULL);
	ret = run(c->m, cm, n, module_note, NULL, &res);
	mr_set_log(old, old ? c : NULL); /* the CLI's hook takes the CLI */
	if (ret)
		return mr_cli_fail(c, "cannot run the modules: %s", mr_errmsg());
	printf("%s on %s: init %s, %zu mapping%s live after init, exit %s, %d probe%s (%d "
	       "failed), ",
	       mods[0].path, mr_machine_spec(c->m), res.init_failed ? "FAILED" : "ok",
	       res.live_after_init, res.live_after_init == 1 ? "" : "s", res.exits ? "ok" : "none",
	       res.probes, res.probes == 1 ? "" : "s", res.probes_failed);
	if (res.kept)
		printf("%zu kept on purpose (no exit), ", res.kept);
	if (res.leaked)
		printf("%zu mapping%s LEFT BEHIND\n", res.leaked, res.leaked == 1 ? "" : "s");
	else
		printf("all released\n");
	return !res.init_failed && !res.leaked ? MR_EXIT_OK : MR_EXIT_FAIL;
}

static int module_load_all(struct mr_cli *c, module_dlopen_fn load, struct module_run *mods,
			   int argc, char **argv, size_t *n)
{
	int ret;

	for (*n = 0; optind + (int)*n < argc; (*n)++) {
		mods[*n].c = c;
		ret = module_set_path(&mods[*n], argv[optind + (int)*n]);
		if (!ret)
			ret = module_load(&mods[*n], load);
		if (ret)
			return ret;
	}
	return MR_EXIT_OK;
}

static int mr_cli_module(struct mr_cli *c, int argc, char **argv)
{
	module_dlopen_fn load = module_dlopen();
	static struct module_run mods[16];
	struct module_run r;
	mr_compat_run_fn run;
	size_t n = 0;
	int opt, ret;

	while ((opt = mr_cli_getopt(c, argc, argv)) != -1)
		if (opt == MR_CLI_STOP)
			return c->ret;
	if (optind == argc)
		return mr_cli_usage_error(c, "missing DRIVER.so");
	if (!mr_cli_operands(c, argc, argv, 1, 16))
		return c->ret;
	if (!load)
		return mr_cli_fail(
			c,
			"this memremap is linked statically and cannot load drivers (they "
			"would not share its libmemremap): run 'memremap module %s' with "
			"the dynamically linked tool",
			argv[optind]);
	memset(mods, 0, sizeof(mods));
	/* Current before dlopen(): a constructor in the module may map already. */
	ret = mr_cli_machine_open(c);
	if (ret)
		return ret;
	ret = module_load_all(c, load, mods, argc, argv, &n);
	if (ret)
		return ret;
	run = (mr_compat_run_fn)dlsym(mods[0].handle, MR_COMPAT_RUN_SYMBOL);
	if (run || n > 1) {
		if (!run)
			return mr_cli_fail(c, "several modules need libmemremap-compat (build them "
					      "with pkg-config memremap-compat)");
		ret = module_run_compat(c, run, mods, n);
		fflush(stdout);
		return ret;
	}
	r = mods[0];
	module_run(&r);
	module_summary(&r);
	fflush(stdout); /* before the library warns about what is left */
	dlclose(r.handle);
	return !r.init_ret && !r.left ? MR_EXIT_OK : MR_EXIT_FAIL;
}

const struct mr_cli_cmd mr_cli_cmd_module = {
	.name = "module",
	.summary = "run a driver built against the kernel-source headers",
	.synopsis = "[--machine SPEC] DRIVER.so...",
	.about = "Load DRIVER.so, a shared object built from driver source against the\n"
		 "kernel-source headers (pkg-config memremap-compat), run its module_init()\n"
		 "on the machine (sim unless --machine names another), then its module_exit(),\n"
		 "and check that every mapping it made was released, those of devices it left\n"
		 "bound included. A statically linked memremap cannot load drivers.\n"
		 "\n"
		 "Drivers linked with libmemremap-compat (what pkg-config memremap-compat gives) "
		 "get\n"
		 "the driver core: with --machine sim,dt=BOARD.dtb the device tree becomes "
		 "platform\n"
		 "devices, initcalls run by level (module_init() at device level), every probe is\n"
		 "reported with its return value, the driver's messages are shown as log: lines,\n"
		 "and each mapping still held at the end (direct-map ones included) is called\n"
		 "kept (code with no exit keeps it on purpose) or a LEAK (after a failed probe or\n"
		 "init, or after exit). Several modules load in order, each seeing the symbols of\n"
		 "those before it.\n",
	.notes = "Exit status 0 when init and exit ran and nothing is left mapped (mappings\n"
		 "kept on purpose by code with no exit are fine), 1 when an init failed or a\n"
		 "mapping was leaked.\n",
	.machine = "sim",
	.run = mr_cli_module,
};
