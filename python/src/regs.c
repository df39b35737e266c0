// SPDX-License-Identifier: MIT
/*
 * Register names, the spellings of the CLI's --regs: m.read("edu.STATUS"),
 * m.read("edu.STATUS:IRQ"), m.write("edu.STATUS:IRQ", 1) and
 * m.write("edu.STATUS:IRQ=ON"), resolved by libmemremap-regs
 * (<memremap/regs.h>) against the descriptions of the mapping's machine:
 * Machine(regs=PATH, regs_base={...}), else MEMREMAP_REGS. A name must
 * fall inside the mapping it is read through.
 *
 * A machine's set is loaded with the GIL held (a few small files, once), so
 * that two threads never load or resolve in the same set at once: the set
 * is not locked, and resolving a PCI anchor caches what it read.
 *
 * Built without libmemremap-regs (no MRPY_REGS), every name is refused with
 * ENOSYS and the rest of the package works.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mrpy.h"

PyTypeObject *mrpy_RegisterType;

/* memremap.Error(err, message), the message formatted as printf(3) does. */
static PyObject *regs_fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static PyObject *regs_fail(int err, const char *fmt, ...)
{
	char msg[512];
	PyObject *args;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	args = Py_BuildValue("(iN)", err,
			     PyUnicode_DecodeUTF8(msg, (Py_ssize_t)strlen(msg), "replace"));
	if (args) {
		PyErr_SetObject(mrpy_Error, args);
		Py_DECREF(args);
	}
	return NULL;
}

#ifndef MRPY_REGS

static PyObject *regs_missing(void)
{
	return regs_fail(ENOSYS, "register names: this build of memremap has no "
				 "libmemremap-regs (<memremap/regs.h>); use offsets");
}

int mrpy_regs_init(MachineObject *mach, PyObject *files, PyObject *bases)
{
	(void)mach;
	if ((files && files != Py_None) || (bases && bases != Py_None)) {
		regs_missing();
		return -1;
	}
	return 0;
}

void mrpy_regs_free(MachineObject *mach)
{
	(void)mach;
}

PyObject *mrpy_machine_reg(MachineObject *mach, PyObject *name)
{
	(void)mach;
	(void)name;
	return regs_missing();
}

PyObject *mrpy_machine_match(MachineObject *mach, PyObject *pattern)
{
	(void)mach;
	(void)pattern;
	return regs_missing();
}

PyObject *mrpy_reg_read(MappingObject *self, PyObject *name, int read_clear)
{
	(void)self;
	(void)name;
	(void)read_clear;
	return regs_missing();
}

PyObject *mrpy_reg_write(MappingObject *self, PyObject *name, PyObject *value, int verify)
{
	(void)self;
	(void)name;
	(void)value;
	(void)verify;
	return regs_missing();
}

#else /* MRPY_REGS */

#include <memremap/regs.h>

/* The longest name taken: "BLOCK.REG:FIELD", as the library's own limit. */
#define MRPY_REG_NAME_MAX 256

static PyObject *regs_error(int ret)
{
	return regs_fail(ret < 0 ? -ret : EIO, "%s", mr_regs_errmsg());
}

/* ------------------------------------------------------------ loading */

/* @list (files and folders, a:b) or, for NULL, MEMREMAP_REGS: all or nothing. */
static int regs_load(MachineObject *mach, const char *list)
{
	struct mr_regs *regs = mr_regs_new();
	int ret;

	if (!regs) {
		PyErr_NoMemory();
		return -1;
	}
	ret = list ? mr_regs_load_path(regs, list) : mr_regs_load_env(regs);
	if (!ret && mach->m)
		ret = mr_regs_use_machine(regs, mach->m);
	if (ret) {
		regs_error(ret);
		mr_regs_free(regs);
		return -1;
	}
	mach->regs = regs;
	return 0;
}

/* regs_base={"edu": 0xfe000000}: --regs-base edu=0xfe000000. */
static int regs_bases(MachineObject *mach, PyObject *bases)
{
	PyObject *items = PyMapping_Items(bases);
	Py_ssize_t i, n;
	int ret = -1;

	if (!items)
		return -1;
	n = PyList_GET_SIZE(items);
	for (i = 0; i < n; i++) {
		PyObject *kv = PyList_GET_ITEM(items, i);
		const char *block;
		uint64_t base;
		int err;

		if (!PyTuple_Check(kv) || PyTuple_GET_SIZE(kv) != 2 ||
		    !PyUnicode_Check(PyTuple_GET_ITEM(kv, 0))) {
			PyErr_SetString(PyExc_TypeError,
					"regs_base must map block names (str) to addresses (int)");
			goto out;
		}
		block = PyUnicode_AsUTF8(PyTuple_GET_ITEM(kv, 0));
		if (!block || mrpy_u64(PyTuple_GET_ITEM(kv, 1), "regs_base address", &base))
			goto out;
		err = mr_regs_set_base(mach->regs, block, base);
		if (err) {
			regs_error(err);
			goto out;
		}
	}
	ret = 0;
out:
	Py_DECREF(items);
	return ret;
}

int mrpy_regs_init(MachineObject *mach, PyObject *files, PyObject *bases)
{
	PyObject *path = NULL;
	int ret;

	if ((!files || files == Py_None) && (!bases || bases == Py_None))
		return 0; /* MEMREMAP_REGS, at the first name */
	if (bases && bases != Py_None && !PyObject_HasAttrString(bases, "items")) {
		PyErr_Format(PyExc_TypeError, "regs_base must be a dict, not %.100s",
			     Py_TYPE(bases)->tp_name);
		return -1;
	}
	if (files && files != Py_None && !PyUnicode_FSConverter(files, &path))
		return -1;
	ret = regs_load(mach, path ? PyBytes_AS_STRING(path) : NULL);
	Py_XDECREF(path);
	if (ret)
		return -1;
	if (bases && bases != Py_None && regs_bases(mach, bases)) {
		mrpy_regs_free(mach);
		return -1;
	}
	return 0;
}

void mrpy_regs_free(MachineObject *mach)
{
	mr_regs_free(mach->regs);
	mach->regs = NULL;
}

/*
 * The machine's set: MEMREMAP_REGS on first use when Machine() was given
 * none. An empty one is not kept, so that setting MEMREMAP_REGS later works.
 */
static struct mr_regs *regs_of(MachineObject *mach)
{
	if (!mach->regs && regs_load(mach, NULL))
		return NULL;
	if (!mr_regs_block(mach->regs, 0)) {
		mrpy_regs_free(mach);
		regs_fail(ENOENT, "no register descriptions: give Machine(..., regs=PATH) or set "
				  "MEMREMAP_REGS");
		return NULL;
	}
	return mach->regs;
}

/* ---------------------------------------------------------- resolving */

/*
 * @o as a name (or, with @pattern, a glob) in @buf: ValueError for an
 * embedded NUL; Error for one too long, or a pattern where a name belongs.
 */
static int regs_name(PyObject *o, char *buf, size_t len, bool pattern)
{
	const char *what = pattern ? "pattern" : "name";
	Py_ssize_t n;
	const char *s = PyUnicode_AsUTF8AndSize(o, &n);

	if (!s)
		return -1;
	if (strlen(s) != (size_t)n) {
		PyErr_Format(PyExc_ValueError, "register %s: embedded null character", what);
		return -1;
	}
	if ((size_t)n >= len) {
		regs_fail(EINVAL, "'%.64s...': register %s too long", s, what);
		return -1;
	}
	if (!pattern && strpbrk(s, "*?[")) {
		regs_fail(EINVAL,
			  "'%s': a pattern; read() and write() take the name of one "
			  "register or field",
			  s);
		return -1;
	}
	memcpy(buf, s, (size_t)n + 1);
	return 0;
}

/* "edu.STATUS" or "edu.STATUS:IRQ", as the description spells it. */
static void regs_fullname(const struct mr_reg_ref *r, char *buf, size_t len)
{
	if (!r->reg)
		snprintf(buf, len, "%s", r->block->name);
	else
		snprintf(buf, len, "%s.%s%s%s", r->block->name, r->reg->name, r->field ? ":" : "",
			 r->field ? r->field->name : "");
}

/*
 * @name's register in the mapping: its reference, and the address of its
 * first byte there. Every check comes before any access.
 */
static char *regs_find(MappingObject *self, const char *name, struct mr_reg_ref *ref)
{
	uint64_t bytes, off;
	struct mr_regs *regs;
	char full[2 * MRPY_REG_NAME_MAX];
	int ret;

	if (!self->addr)
		return (char *)mrpy_closed("mapping");
	regs = regs_of(self->machine);
	if (!regs)
		return NULL;
	ret = mr_regs_resolve(regs, name, ref);
	if (ret)
		return (char *)regs_error(ret);
	regs_fullname(ref, full, sizeof(full));
	bytes = ref->width / 8;
	off = ref->phys - self->phys;
	if (ref->phys < self->phys || off > (uint64_t)self->size || bytes > self->size - off)
		return (char *)regs_fail(ERANGE,
					 "%s at 0x%" PRIx64 " is outside this mapping of "
					 "[0x%" PRIx64 "-0x%" PRIx64 "]",
					 full, ref->phys, self->phys,
					 self->phys + (uint64_t)self->size - 1);
	if (ref->phys & (bytes - 1))
		return (char *)regs_fail(EINVAL,
					 "%s at 0x%" PRIx64 " is not aligned for a %u-bit access",
					 full, ref->phys, ref->width);
	return self->addr + off;
}

/* Why a read of @r by name would mislead or act; NULL when it is harmless. */
static const char *regs_unreadable(const struct mr_reg_ref *r, int read_clear)
{
	size_t i;

	if (r->reg->access == MR_REG_WO || (r->field && r->field->access == MR_REG_WO))
		return "write-only: a read returns nothing meaningful";
	if (read_clear)
		return NULL;
	if (r->reg->access == MR_REG_RC)
		return "read-clear: a read clears it (read(name, read_clear=True) reads it anyway)";
	for (i = 0; i < r->reg->nfields; i++)
		if (r->reg->fields[i]->access == MR_REG_RC)
			return "read-clear in part: a read clears a field (read(name, "
			       "read_clear=True) reads it anyway)";
	return NULL;
}

PyObject *mrpy_reg_read(MappingObject *self, PyObject *name, int read_clear)
{
	char buf[MRPY_REG_NAME_MAX], full[2 * MRPY_REG_NAME_MAX];
	struct mr_reg_ref ref;
	const char *why;
	uint64_t v;
	char *p;

	if (regs_name(name, buf, sizeof(buf), false))
		return NULL;
	p = regs_find(self, buf, &ref);
	if (!p)
		return NULL;
	why = regs_unreadable(&ref, read_clear);
	if (why) {
		regs_fullname(&ref, full, sizeof(full));
		return regs_fail(EACCES, "%s is %s", full, why);
	}
	v = mrpy_mapping_readx(p, ref.width);
	return PyLong_FromUnsignedLongLong(ref.field ? mr_regs_field_get(ref.field, v) : v);
}

/* The value to write: an int, or text as the CLI takes it ("1", "0x1f", "ON"). */
static int regs_value(const struct mr_reg_ref *r, PyObject *o, const char *text, uint64_t *v)
{
	PyObject *idx;
	int ret;

	if (!text && PyUnicode_Check(o)) {
		text = PyUnicode_AsUTF8(o);
		if (!text)
			return -1;
	}
	if (text) {
		ret = mr_regs_parse_value(r->field, r->reg, text, v);
		if (ret)
			regs_error(ret);
		return ret ? -1 : 0;
	}
	idx = PyNumber_Index(o);
	if (!idx)
		return -1;
	*v = PyLong_AsUnsignedLongLong(idx);
	Py_DECREF(idx);
	if (*v == (uint64_t)-1 && PyErr_Occurred()) {
		PyErr_Clear();
		PyErr_Format(PyExc_ValueError, "value %R out of range for 64 bits", o);
		return -1;
	}
	if (!r->field && r->width < 64 && (*v >> r->width)) {
		regs_fail(ERANGE, "0x%" PRIx64 " does not fit %s.%s's %u bits", *v, r->block->name,
			  r->reg->name, r->width);
		return -1;
	}
	return 0;
}

/*
 * A field: the library says which bits a read-modify-write keeps
 * (mr_regs_keep_mask) and what the rest become (mr_regs_encode); with
 * bits to keep, one read and one write of the register, else the write
 * alone. A whole register: the write alone.
 */
static uint64_t regs_put(const struct mr_reg_ref *r, char *p, uint64_t v, int *err)
{
	uint64_t keep, out = v;

	*err = 0;
	if (r->field) {
		keep = mr_regs_keep_mask(r->field);
		*err = mr_regs_encode(r->field, keep ? mrpy_mapping_readx(p, r->width) : 0, v,
				      &out);
		if (*err)
			return 0;
	}
	mrpy_mapping_writex(p, r->width, out);
	return out;
}

/*
 * verify: one more read, the bits named compared with what was written
 * (the CLI's write --verify). Every refusal comes before any access.
 */
static PyObject *regs_store(const struct mr_reg_ref *r, char *p, uint64_t v, int verify)
{
	char full[2 * MRPY_REG_NAME_MAX];
	uint64_t out, back;
	const char *why;
	int ret;

	regs_fullname(r, full, sizeof(full));
	if (!r->field && (r->reg->access == MR_REG_RO || r->reg->access == MR_REG_RC))
		return regs_fail(EACCES, "%s is %s: a write does not change it", full,
				 mr_regs_access_name(r->reg->access));
	if (r->field && (ret = mr_regs_encode(r->field, 0, v, &out)))
		return regs_error(ret);
	why = verify ? regs_unreadable(r, 0) : NULL;
	if (why)
		return regs_fail(EACCES, "%s is %s; verify=True would read it back", full, why);
	out = regs_put(r, p, v, &ret);
	if (ret)
		return regs_error(-EIO);
	if (!verify)
		Py_RETURN_NONE;
	back = mrpy_mapping_readx(p, r->width);
	if ((back & r->mask) != (out & r->mask))
		return regs_fail(EIO, "%s: wrote 0x%" PRIx64 " but read back 0x%" PRIx64, full,
				 (out & r->mask) >> r->shift, (back & r->mask) >> r->shift);
	Py_RETURN_NONE;
}

PyObject *mrpy_reg_write(MappingObject *self, PyObject *name, PyObject *value, int verify)
{
	char buf[MRPY_REG_NAME_MAX];
	const char *eq;
	struct mr_reg_ref ref;
	uint64_t v;
	char *p;

	if (regs_name(name, buf, sizeof(buf), false))
		return NULL;
	eq = strchr(buf, '=');
	if (eq && value) {
		PyErr_Format(PyExc_TypeError, "write(%R, ...): the name has its value already",
			     name);
		return NULL;
	}
	if (!eq && !value) {
		PyErr_Format(PyExc_TypeError,
			     "write(%R): no value (write(name, value) or write(\"name=value\"))",
			     name);
		return NULL;
	}
	if (eq)
		buf[eq - buf] = '\0';
	p = regs_find(self, buf, &ref);
	if (!p || regs_value(&ref, value, eq ? eq + 1 : NULL, &v))
		return NULL;
	return regs_store(&ref, p, v, verify);
}

/* --------------------------------------------------- Machine.reg(name) */

/* {"ON": 1, ...}: what @field's values are called; {} without a field. */
static PyObject *regs_values(const struct mr_reg_field *field)
{
	PyObject *d = PyDict_New(), *k, *v;

	for (size_t i = 0; d && field && i < field->nvalues; i++) {
		const char *name = field->values[i]->name;

		/* Spelt as the description spells it, as Register.name is. */
		k = PyUnicode_DecodeUTF8(name, (Py_ssize_t)strlen(name), "replace");
		v = PyLong_FromUnsignedLongLong(field->values[i]->value);
		if (!k || !v || PyDict_SetItem(d, k, v))
			Py_CLEAR(d);
		Py_XDECREF(k);
		Py_XDECREF(v);
	}
	return d;
}

/* A memremap.Register for @ref (@phys resolved). */
static PyObject *regs_register(const struct mr_reg_ref *ref)
{
	char full[2 * MRPY_REG_NAME_MAX];
	PyObject *v[8];
	uint64_t size;
	int n = 0;

	size = ref->reg ? ref->width / 8 : ref->block->size;
	regs_fullname(ref, full, sizeof(full));
	v[n++] = PyUnicode_DecodeUTF8(full, (Py_ssize_t)strlen(full), "replace");
	v[n++] = PyLong_FromUnsignedLongLong(ref->phys);
	v[n++] = PyLong_FromUnsignedLongLong(size);
	v[n++] = PyLong_FromUnsignedLong(ref->reg ? ref->width : 0);
	v[n++] = PyLong_FromUnsignedLongLong(ref->reg ? ref->mask : 0);
	v[n++] = PyLong_FromUnsignedLong(ref->reg ? ref->shift : 0);
	v[n++] = PyUnicode_FromString(!ref->reg	   ? ""
				      : ref->field ? mr_regs_access_name(ref->field->access)
						   : mr_regs_access_name(ref->reg->access));
	v[n++] = regs_values(ref->field);
	return mrpy_structseq(mrpy_RegisterType, v, n);
}

PyObject *mrpy_machine_reg(MachineObject *mach, PyObject *name)
{
	char buf[MRPY_REG_NAME_MAX];
	struct mr_reg_ref ref;
	struct mr_regs *regs;
	int ret;

	if (!PyUnicode_Check(name)) {
		PyErr_Format(PyExc_TypeError, "reg() takes a name (str), not %.100s",
			     Py_TYPE(name)->tp_name);
		return NULL;
	}
	if (regs_name(name, buf, sizeof(buf), false))
		return NULL;
	if (!mach->m)
		return mrpy_closed("machine");
	regs = regs_of(mach);
	if (!regs)
		return NULL;
	ret = mr_regs_lookup(regs, buf, &ref);
	if (!ret && ref.reg)
		ret = mr_regs_resolve(regs, buf, &ref);
	else if (!ret)
		ret = mr_regs_block_base(regs, ref.block, &ref.phys);
	if (ret)
		return regs_error(ret);
	return regs_register(&ref);
}

/* ------------------------------------------------ Machine.match(pattern) */

static int regs_append(const struct mr_reg_ref *ref, void *arg)
{
	PyObject *r = regs_register(ref);
	int ret;

	if (!r)
		return -1;
	ret = PyList_Append(arg, r);
	Py_DECREF(r);
	return ret ? -1 : 0;
}

PyObject *mrpy_machine_match(MachineObject *mach, PyObject *pattern)
{
	char buf[MRPY_REG_NAME_MAX];
	struct mr_regs *regs;
	PyObject *list;
	int ret;

	if (!PyUnicode_Check(pattern)) {
		PyErr_Format(PyExc_TypeError, "match() takes a pattern (str), not %.100s",
			     Py_TYPE(pattern)->tp_name);
		return NULL;
	}
	if (regs_name(pattern, buf, sizeof(buf), true))
		return NULL;
	if (!mach->m)
		return mrpy_closed("machine");
	regs = regs_of(mach);
	if (!regs)
		return NULL;
	list = PyList_New(0);
	if (!list)
		return NULL;
	ret = mr_regs_match(regs, buf, regs_append, list, true);
	if (ret < 0) {
		Py_DECREF(list);
		/* -1 from regs_append: the Python error is set already. */
		return PyErr_Occurred() ? NULL : regs_error(ret);
	}
	return list;
}

#endif /* MRPY_REGS */
