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
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <memremap.h>

#include "cli.h"
#include "module.h"

/*
 * The objects <linux/module.h>'s module_init() and module_exit() define: each
 * a const pointer to the driver's function.
 */
#define MODULE_INIT_SYMBOL "mr_module_init"
#define MODULE_EXIT_SYMBOL "mr_module_exit"

typedef int (*module_init_fn)(void);
typedef void (*module_exit_fn)(void);

struct module_run {
	char path[4096];
	const char *spec;
	struct mr_machine *m;
	void *handle;
	module_init_fn init;
	module_exit_fn exit;
	int init_ret;
	size_t live_after_init;
	size_t left;
};

/* Bad usage is one line, worded as everywhere in the tool. */
__attribute__((format(printf, 1, 2))) static int module_bad_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "memremap module: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (try 'memremap module --help')\n");
	return MR_EXIT_USAGE;
}

static int module_usage(FILE *out, int code)
{
	fprintf(out,
		"usage: memremap module [--machine SPEC] DRIVER.so\n\n"
		"Load DRIVER.so, a shared object built from driver source against the\n"
		"kernel-source headers (pkg-config memremap-compat), run its module_init()\n"
		"on the machine SPEC, then its module_exit(), and check that every mapping\n"
		"it made was released, those of devices it left bound included.\n\n"
		"  -m, --machine SPEC  sim, sim:MAPFILE[,KEY=VALUE...] or linux (default: sim)\n"
		"  -h, --help          this text\n\n"
		"Exit status: 0 when init and exit ran and nothing is left mapped, 1 when\n"
		"init failed or a mapping was left behind, 2 for bad usage.\n");
	return code;
}

/* dlopen() searches the library path for a bare name; insmod takes a file. */
static int module_set_path(struct module_run *r, const char *arg)
{
	const char *dir = strchr(arg, '/') ? "" : "./";

	if ((size_t)snprintf(r->path, sizeof(r->path), "%s%s", dir, arg) >= sizeof(r->path)) {
		fprintf(stderr, "memremap module: path too long: %s\n", arg);
		return -1;
	}
	return 0;
}

static int module_load(struct module_run *r)
{
	const module_init_fn *init_slot;
	const module_exit_fn *exit_slot;

	r->handle = dlopen(r->path, RTLD_NOW | RTLD_LOCAL);
	if (!r->handle) {
		fprintf(stderr, "memremap module: %s\n", dlerror());
		return -1;
	}
	/* Each symbol is an object holding the function pointer, not the function. */
	init_slot = dlsym(r->handle, MODULE_INIT_SYMBOL);
	exit_slot = dlsym(r->handle, MODULE_EXIT_SYMBOL);
	r->init = init_slot ? *init_slot : NULL;
	r->exit = exit_slot ? *exit_slot : NULL;
	if (!r->init && !r->exit) {
		fprintf(stderr,
			"memremap module: %s has neither module_init() nor module_exit()"
			" (built with <linux/module.h> from include/memremap/compat?)\n",
			r->path);
		dlclose(r->handle);
		return -1;
	}
	return 0;
}

static const char *module_errno_name(int err)
{
	return err < 0 ? strerror(-err) : "not a negative errno";
}

static int module_print_left(const struct mr_mapping_info *info, void *arg)
{
	(void)arg;
	fprintf(stderr, "memremap module: left mapped: 0x%llx+0x%zx %s (%s)",
		(unsigned long long)info->phys, info->size, mr_type_name(info->type), info->how);
	if (info->dev)
		fprintf(stderr, ", held by device %s, never unbound", mr_device_name(info->dev));
	fputc('\n', stderr);
	return 0;
}

/* Kernel order: no exit after a failed init; exit only when there is one. */
static void module_run(struct module_run *r)
{
	size_t before = mr_machine_mappings(r->m);

	if (r->init) {
		r->init_ret = r->init();
		if (r->init_ret)
			fprintf(stderr, "memremap module: %s: init returned %d (%s)\n", r->path,
				r->init_ret, module_errno_name(r->init_ret));
	}
	r->live_after_init = mr_machine_mappings(r->m) - before;
	if (!r->init_ret && r->exit)
		r->exit();
	else if (!r->init_ret)
		fprintf(stderr,
			"memremap module: %s has no module_exit(): the kernel would not"
			" unload it\n",
			r->path);
	r->left = mr_machine_mappings(r->m) - before;
	if (r->left)
		mr_machine_for_each_mapping(r->m, module_print_left, NULL);
}

static void module_summary(const struct module_run *r)
{
	printf("%s on %s: init %s, %zu mapping%s live after init, exit %s, ", r->path,
	       mr_machine_spec(r->m),
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

/**
 * mr_cli_module_spec() - `memremap module`, on @spec unless --machine says
 * @spec: the machine to use without --machine (a global --machine, say)
 * @argc: argument count, argv[0] being "module"
 * @argv: the arguments
 *
 * Return: MR_EXIT_OK when the module's init and exit ran and no mapping was
 * left, MR_EXIT_FAIL when loading or init failed or a mapping was left,
 * MR_EXIT_USAGE for bad arguments.
 */
int mr_cli_module_spec(const char *spec, int argc, char **argv)
{
	static const struct option opts[] = {
		{"machine", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct module_run r = {.spec = spec};
	struct mr_machine *prev;
	int c, ret = MR_EXIT_FAIL;

	/* 0, not 1: glibc then forgets an earlier parse's mode ('+' stops at operands). */
	optind = 0;
	opterr = 0;
	/* ':' first: a missing argument is ':' and an unknown option '?'. */
	while ((c = getopt_long(argc, argv, ":m:h", opts, NULL)) != -1) {
		if (c == 'm')
			r.spec = optarg;
		else if (c == 'h')
			return module_usage(stdout, MR_EXIT_OK);
		else if (c == ':')
			return module_bad_usage("option '%s' needs a value", argv[optind - 1]);
		else
			return module_bad_usage("unrecognized option '%s'", argv[optind - 1]);
	}
	if (optind == argc)
		return module_bad_usage("missing DRIVER.so");
	if (optind != argc - 1)
		return module_bad_usage("unexpected argument '%s'", argv[optind + 1]);
	if (module_set_path(&r, argv[optind]))
		return MR_EXIT_USAGE;
	if (mr_machine_open(&r.m, r.spec)) {
		fprintf(stderr, "memremap module: %s\n", mr_errmsg());
		return MR_EXIT_FAIL;
	}
	/* Current before dlopen(): a constructor in the module may map already. */
	prev = mr_machine_use(r.m);
	if (module_load(&r))
		goto err_close;
	module_run(&r);
	module_summary(&r);
	fflush(stdout); /* before the library warns about what is left */
	if (!r.init_ret && !r.left)
		ret = MR_EXIT_OK;
	dlclose(r.handle);
err_close:
	mr_machine_use(prev);
	mr_machine_close(r.m);
	return ret;
}

/**
 * mr_cli_module() - `memremap module [--machine SPEC] DRIVER.so`, on sim by default
 * @argc: argument count, argv[0] being "module"
 * @argv: the arguments
 *
 * Return: as for mr_cli_module_spec().
 */
int mr_cli_module(int argc, char **argv)
{
	return mr_cli_module_spec("sim", argc, argv);
}
