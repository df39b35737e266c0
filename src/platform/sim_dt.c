// SPDX-License-Identifier: MIT
/*
 * The sim machine's device tree (`sim,dt=FILE`): a flattened tree that
 * libmemremap-compat turns into platform devices for drivers, and, when no
 * map file is given, into the machine's resource tree: a board's own DTB
 * (/sys/firmware/fdt) replays the board. Reading device trees needs libfdt,
 * so that part lives in libmemremap-compat, opened with dlopen() only here
 * (mr__optional()): libmemremap itself still needs libc alone.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <memremap/compat_host.h>

#include "mr_platform.h"
#include "mr_resource.h"

#define MR__DT_MAX    (64UL << 20)
#define MR__FDT_MAGIC 0xd00dfeedu

static uint32_t mr__be32(const void *p)
{
	const unsigned char *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void *mr__dt_sym(void *lib, const char *name)
{
	return lib ? mr__optional_sym(lib, name, MR_COMPAT_SONAME) : NULL;
}

static void *mr__dt_lib(void)
{
	return mr__optional(MR_COMPAT_SONAME, "a device tree (sim dt=)", "libmemremap0, libfdt1");
}

/* The blob of @path: read as it is, or compiled from source by dtc. */
static int mr__dt_read(const char *path, void **blob, size_t *len)
{
	char err[256] = "";
	char *text;
	mr_compat_dtc_fn dtc;
	mr_compat_free_fn cfree;
	void *lib, *out;
	int ret = mr__slurp(path, MR__DT_MAX, 0, &text, len);

	if (ret)
		return mr__err(-ret, "dt=%s: cannot read it: %s", path, strerror(-ret));
	if (*len >= 8 && mr__be32(text) == MR__FDT_MAGIC) {
		if (mr__be32(text + 4) > *len) {
			mr__free(text);
			return mr__err(EINVAL, "dt=%s: a truncated device tree", path);
		}
		*blob = text;
		return 0;
	}
	mr__free(text);
	lib = mr__dt_lib();
	dtc = (mr_compat_dtc_fn)mr__dt_sym(lib, MR_COMPAT_DTC_SYMBOL);
	cfree = (mr_compat_free_fn)mr__dt_sym(lib, MR_COMPAT_FREE_SYMBOL);
	if (!dtc || !cfree)
		return -errno;
	ret = dtc(path, &out, len, err, sizeof(err));
	if (ret)
		return mr__err(-ret, "dt=%s: %s", path, err);
	*blob = mr__malloc(*len);
	if (*blob)
		memcpy(*blob, out, *len);
	cfree(out);
	return *blob ? 0 : mr__err(ENOMEM, "out of memory");
}

/*
 * Device models named by nodes ("MODEL@ADDR" lines): queued as device= values
 * are, and attached with them once the machine's memory is there.
 */
static int mr__dt_models(struct mr_machine *m, const char *path, const char *models)
{
	char line[160];
	int ret = 0;

	while (*models && !ret) {
		size_t n = strcspn(models, "\n");

		if (n >= sizeof(line))
			return mr__err(EINVAL, "dt=%s: a memremap,model value is too long", path);
		memcpy(line, models, n);
		line[n] = '\0';
		ret = mr__sim_devices_spec(m, line);
		models += n + (models[n] == '\n');
	}
	if (ret)
		mr__err_prefix("dt=%s: ", path);
	return ret;
}

/* The resource tree (kept unless @have_map) and the models the tree names. */
static int mr__dt_iomem(struct mr_machine *m, const char *path, bool have_map)
{
	char err[256] = "", *iomem = NULL, *models = NULL;
	void *lib = mr__dt_lib();
	mr_compat_fdt_iomem_fn conv =
		(mr_compat_fdt_iomem_fn)mr__dt_sym(lib, MR_COMPAT_FDT_IOMEM_SYMBOL);
	mr_compat_free_fn cfree = (mr_compat_free_fn)mr__dt_sym(lib, MR_COMPAT_FREE_SYMBOL);
	int ret;

	if (!conv || !cfree)
		return -errno;
	ret = conv(m->fdt, m->fdt_len, &iomem, &models, err, sizeof(err));
	if (ret)
		return mr__err(-ret, "dt=%s: %s", path, err);
	if (models && *models) {
		ret = mr__dt_models(m, path, models);
		if (ret)
			goto out;
	}
	if (have_map)
		goto out;
	m->iomem = mr_iomem_parse(iomem, strlen(iomem), UINT64_MAX);
	if (!m->iomem) {
		mr__err_prefix("dt=%s: the resource tree it describes: ", path);
		ret = -errno;
	}
out:
	cfree(iomem);
	cfree(models);
	return ret;
}

int mr__sim_dt_load(struct mr_machine *m, const char *path, bool have_map)
{
	void *blob;
	size_t len;
	int ret = mr__dt_read(path, &blob, &len);

	if (ret)
		return ret;
	m->fdt = blob;
	m->fdt_len = len;
	return mr__dt_iomem(m, path, have_map);
}
