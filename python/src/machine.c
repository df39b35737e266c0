// SPDX-License-Identifier: MIT
/*
 * memremap.Machine: mr_machine_open() and friends, the current machine.
 *
 * close() does not pull mappings out from under Python code that holds
 * them (a memoryview of one would then point at nothing): the machine stops
 * taking new mappings at once, and the library's machine is closed when the
 * last mapping made on it is closed.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mrpy.h"

/* What use() chose (a strong reference), and the library's default machine. */
static MachineObject *mrpy_current_obj;
static MachineObject *mrpy_default_obj;

static void machine_really_close(MachineObject *self)
{
	struct mr_machine *m = self->m;

	self->m = NULL;
	if (!m || self->borrowed)
		return;
	Py_BEGIN_ALLOW_THREADS
		mr_machine_close(m);
	Py_END_ALLOW_THREADS
}

int mrpy_machine_get(MachineObject *mach)
{
	if (mach->closed || !mach->m) {
		mrpy_closed("machine");
		return -1;
	}
	mach->users++;
	return 0;
}

void mrpy_machine_put(MachineObject *mach)
{
	if (--mach->users == 0 && mach->closed)
		machine_really_close(mach);
}

PyObject *mrpy_use(MachineObject *mach)
{
	MachineObject *old;

	if (mach && (mach->closed || !mach->m))
		return mrpy_closed("machine");
	mrpy_lock();
	mr_machine_use(mach ? mach->m : NULL);
	old = mrpy_current_obj;
	Py_XINCREF(mach);
	mrpy_current_obj = mach;
	mrpy_unlock();
	if (!old)
		Py_RETURN_NONE;
	return (PyObject *)old;
}

static MachineObject *machine_alloc(PyTypeObject *type, struct mr_machine *m, int borrowed)
{
	MachineObject *self = (MachineObject *)type->tp_alloc(type, 0);

	if (!self)
		return NULL;
	self->m = m;
	self->borrowed = borrowed;
	self->entered = PyList_New(0);
	if (!self->entered) {
		self->m = NULL;
		Py_DECREF(self);
		return NULL;
	}
	return self;
}

MachineObject *mrpy_current(void)
{
	struct mr_machine *m;
	int err = 0;

	if (!mrpy_current_obj && !mrpy_default_obj) {
		/* Opening the default machine reads files: others may run meanwhile. */
		Py_BEGIN_ALLOW_THREADS
			m = mr_machine_current();
			if (!m)
				err = errno;
		Py_END_ALLOW_THREADS
		if (!m)
			return (MachineObject *)mrpy_raise(err);
		if (!mrpy_current_obj && !mrpy_default_obj) {
			mrpy_default_obj = machine_alloc(&MachineType, m, 1);
			if (!mrpy_default_obj)
				return NULL;
		}
	}
	if (mrpy_current_obj) {
		Py_INCREF(mrpy_current_obj);
		return mrpy_current_obj;
	}
	Py_INCREF(mrpy_default_obj);
	return mrpy_default_obj;
}

MachineObject *mrpy_machine_arg(PyObject *o)
{
	if (!o || o == Py_None)
		return mrpy_current();
	if (!PyObject_TypeCheck(o, &MachineType)) {
		PyErr_Format(PyExc_TypeError, "machine must be a Machine or None, not %.100s",
			     Py_TYPE(o)->tp_name);
		return NULL;
	}
	Py_INCREF(o);
	return (MachineObject *)o;
}

/* ------------------------------------------------------------- the type */

static PyObject *machine_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = {"spec", "regs", "regs_base", NULL};
	PyObject *regs = Py_None, *bases = Py_None;
	const char *spec = NULL;
	struct mr_machine *m = NULL;
	MachineObject *self;
	int ret;

	if (!PyArg_ParseTupleAndKeywords(args, kw, "|z$OO:Machine", kwlist, &spec, &regs, &bases))
		return NULL;
	Py_BEGIN_ALLOW_THREADS
		ret = mr_machine_open(&m, spec);
	Py_END_ALLOW_THREADS
	if (ret)
		return mrpy_raise(-ret);
	self = machine_alloc(type, m, 0);
	if (!self) {
		mr_machine_close(m);
		return NULL;
	}
	if (mrpy_regs_init(self, regs, bases)) {
		Py_DECREF(self);
		return NULL;
	}
	return (PyObject *)self;
}

static void machine_dealloc(MachineObject *self)
{
	/* Mappings hold their machine, use() holds the current one: no user is left. */
	machine_really_close(self);
	mrpy_regs_free(self);
	Py_XDECREF(self->entered);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *machine_close(MachineObject *self, PyObject *unused)
{
	(void)unused;
	if (self->borrowed || self->closed)
		Py_RETURN_NONE;
	self->closed = 1;
	if (mrpy_current_obj == self) {
		PyObject *old = mrpy_use(NULL);

		Py_XDECREF(old);
	}
	if (self->users == 0)
		machine_really_close(self);
	Py_RETURN_NONE;
}

static PyObject *machine_use(MachineObject *self, PyObject *unused)
{
	(void)unused;
	return mrpy_use(self);
}

static PyObject *machine_enter(MachineObject *self, PyObject *unused)
{
	PyObject *old;
	int ret;

	(void)unused;
	old = mrpy_use(self);
	if (!old)
		return NULL;
	ret = PyList_Append(self->entered, old);
	Py_DECREF(old);
	if (ret)
		return NULL;
	Py_INCREF(self);
	return (PyObject *)self;
}

static PyObject *machine_exit(MachineObject *self, PyObject *args)
{
	Py_ssize_t n = PyList_GET_SIZE(self->entered);
	PyObject *prev = Py_None, *old;

	(void)args;
	if (n > 0) {
		prev = PyList_GET_ITEM(self->entered, n - 1);
		Py_INCREF(prev);
		if (PyList_SetSlice(self->entered, n - 1, n, NULL)) {
			Py_DECREF(prev);
			return NULL;
		}
	} else {
		Py_INCREF(prev);
	}
	if (mrpy_current_obj == self) {
		MachineObject *p = prev == Py_None ? NULL : (MachineObject *)prev;

		old = mrpy_use(p && !p->closed && p->m ? p : NULL);
		Py_XDECREF(old);
	}
	Py_DECREF(prev);
	old = machine_close(self, NULL);
	Py_XDECREF(old);
	Py_RETURN_FALSE;
}

static int machine_parse_range(PyObject *const *args, uint64_t *start, uint64_t *size)
{
	return mrpy_u64(args[0], "phys", start) || mrpy_u64(args[1], "size", size) ? -1 : 0;
}

static PyObject *machine_map(MachineObject *self, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = {"phys", "size", "flags", NULL};
	PyObject *a[3];
	uint64_t phys, size, flags;

	if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO:map", kwlist, &a[0], &a[1], &a[2]))
		return NULL;
	if (machine_parse_range(a, &phys, &size) || mrpy_u64(a[2], "flags", &flags))
		return NULL;
	return mrpy_mapping_new(&MappingType, self, NULL, phys, size, flags);
}

static PyObject *machine_query(MachineObject *self, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = {"phys", "size", "flags", NULL};
	PyObject *a[3], *v[6];
	uint64_t phys, size, flags;
	struct mr_query q;

	if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO:query", kwlist, &a[0], &a[1], &a[2]))
		return NULL;
	if (machine_parse_range(a, &phys, &size) || mrpy_u64(a[2], "flags", &flags))
		return NULL;
	if (size > SIZE_MAX || flags > ULONG_MAX) {
		PyErr_SetString(PyExc_ValueError, "size or flags out of range");
		return NULL;
	}
	if (mrpy_machine_get(self))
		return NULL;
	memset(&q, 0, sizeof(q));
	Py_BEGIN_ALLOW_THREADS
		mr_memremap_query(self->m, phys, (size_t)size, (unsigned long)flags, &q);
	Py_END_ALLOW_THREADS
	mrpy_machine_put(self);
	v[0] = PyLong_FromLong(q.result);
	v[1] = PyLong_FromLong(q.ri);
	v[2] = PyBool_FromLong(q.direct);
	v[3] = PyLong_FromUnsignedLong(q.type);
	v[4] = PyUnicode_DecodeUTF8(q.how, (Py_ssize_t)strlen(q.how), "replace");
	v[5] = PyUnicode_DecodeUTF8(q.why, (Py_ssize_t)strlen(q.why), "replace");
	return mrpy_structseq(mrpy_QueryType, v, 6);
}

static PyObject *machine_region_intersects(MachineObject *self, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = {"start", "size", "flags", "desc", NULL};
	PyObject *a[2], *flags_o = NULL, *desc_o = NULL;
	uint64_t start, size, flags = IORESOURCE_SYSTEM_RAM, desc = IORES_DESC_NONE;
	int ri;

	if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|OO:region_intersects", kwlist, &a[0], &a[1],
					 &flags_o, &desc_o))
		return NULL;
	if (mrpy_u64(a[0], "start", &start) || mrpy_u64(a[1], "size", &size) ||
	    (flags_o && mrpy_u64(flags_o, "flags", &flags)) ||
	    (desc_o && mrpy_u64(desc_o, "desc", &desc)))
		return NULL;
	if (size > SIZE_MAX || flags > ULONG_MAX || desc > ULONG_MAX) {
		PyErr_SetString(PyExc_ValueError, "size, flags or desc out of range");
		return NULL;
	}
	if (mrpy_machine_get(self))
		return NULL;
	Py_BEGIN_ALLOW_THREADS
		ri = mr_region_intersects(mr_iomem_resource(self->m), start, (size_t)size,
					  (unsigned long)flags, (unsigned long)desc);
	Py_END_ALLOW_THREADS
	mrpy_machine_put(self);
	return PyLong_FromLong(ri);
}

static PyObject *machine_memtype(MachineObject *self, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = {"start", "size", NULL};
	PyObject *a[2];
	uint64_t start, size;
	unsigned long type = 0;
	char who[256] = "";
	int ret;

	if (!PyArg_ParseTupleAndKeywords(args, kw, "OO:memtype", kwlist, &a[0], &a[1]))
		return NULL;
	if (machine_parse_range(a, &start, &size))
		return NULL;
	if (size > SIZE_MAX) {
		PyErr_SetString(PyExc_ValueError, "size out of range");
		return NULL;
	}
	if (mrpy_machine_get(self))
		return NULL;
	ret = mr_machine_memtype(self->m, start, (size_t)size, &type, who, sizeof(who));
	mrpy_machine_put(self);
	if (ret < 0)
		return mrpy_raise(-ret);
	if (ret == 0)
		Py_RETURN_NONE;
	return Py_BuildValue("(ks)", type, who);
}

static PyObject *machine_iomem(MachineObject *self, PyObject *unused)
{
	char *buf = NULL;
	size_t len = 0;
	PyObject *text;
	FILE *f;
	int ret;

	(void)unused;
	if (mrpy_machine_get(self))
		return NULL;
	f = open_memstream(&buf, &len);
	ret = f ? mr_iomem_print(mr_iomem_resource(self->m), f) : -errno;
	if (f && fclose(f) && !ret)
		ret = -errno;
	mrpy_machine_put(self);
	if (ret) {
		free(buf);
		errno = -ret;
		return PyErr_SetFromErrno(PyExc_OSError);
	}
	text = PyUnicode_DecodeUTF8(buf, (Py_ssize_t)len, "replace");
	free(buf);
	return text;
}

/* mr_machine_for_each_mapping() runs with the machine locked: copy, build later. */
struct mrpy_infos {
	struct mr_mapping_info *v;
	char (*dev)[256];
	size_t n, cap;
};

static int machine_collect(const struct mr_mapping_info *info, void *arg)
{
	struct mrpy_infos *c = arg;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		void *v = realloc(c->v, cap * sizeof(*c->v));

		if (!v)
			return -ENOMEM;
		c->v = v;
		v = realloc(c->dev, cap * sizeof(*c->dev));
		if (!v)
			return -ENOMEM;
		c->dev = v;
		c->cap = cap;
	}
	c->v[c->n] = *info;
	snprintf(c->dev[c->n], sizeof(c->dev[0]), "%s", info->dev ? mr_device_name(info->dev) : "");
	c->n++;
	return 0;
}

static PyObject *machine_mappings(MachineObject *self, PyObject *unused)
{
	struct mrpy_infos c = {NULL, NULL, 0, 0};
	PyObject *list = NULL;
	int ret;

	(void)unused;
	if (mrpy_machine_get(self))
		return NULL;
	ret = mr_machine_for_each_mapping(self->m, machine_collect, &c);
	mrpy_machine_put(self);
	if (ret) {
		PyErr_NoMemory();
		goto out;
	}
	list = PyList_New((Py_ssize_t)c.n);
	for (size_t i = 0; list && i < c.n; i++) {
		PyObject *info = mrpy_info_new(&c.v[i], c.v[i].dev ? c.dev[i] : NULL);

		if (!info) {
			Py_CLEAR(list);
			break;
		}
		PyList_SET_ITEM(list, (Py_ssize_t)i, info);
	}
out:
	free(c.v);
	free(c.dev);
	return list;
}

static PyObject *machine_repr(MachineObject *self)
{
	const char *state = self->m ? (self->closed ? " (closing)" : "") : " (closed)";

	if (!self->m)
		return PyUnicode_FromFormat("<memremap.Machine%s>", state);
	return PyUnicode_FromFormat("<memremap.Machine '%s'%s>", mr_machine_spec(self->m), state);
}

/* 1 while the library's machine is there; 0 with ValueError after. */
static int machine_is_open(MachineObject *self)
{
	if (self->m)
		return 1;
	mrpy_closed("machine");
	return 0;
}

static PyObject *machine_get_spec(MachineObject *self, void *c)
{
	(void)c;
	return machine_is_open(self) ? PyUnicode_FromString(mr_machine_spec(self->m)) : NULL;
}

static PyObject *machine_get_platform(MachineObject *self, void *c)
{
	(void)c;
	return machine_is_open(self) ? PyUnicode_FromString(mr_machine_platform(self->m)) : NULL;
}

static PyObject *machine_get_phys_bits(MachineObject *self, void *c)
{
	(void)c;
	return machine_is_open(self) ? PyLong_FromUnsignedLong(mr_machine_phys_bits(self->m))
				     : NULL;
}

static PyObject *machine_get_arch(MachineObject *self, void *c)
{
	(void)c;
	return machine_is_open(self) ? PyUnicode_FromString(mr_machine_arch(self->m)) : NULL;
}

static PyObject *machine_get_closed(MachineObject *self, void *c)
{
	(void)c;
	return PyBool_FromLong(self->closed || !self->m);
}

static PyGetSetDef machine_getset[] = {
	{"spec", (getter)machine_get_spec, NULL, "the spec it was opened with", NULL},
	{"platform", (getter)machine_get_platform, NULL, "'sim' or 'linux'", NULL},
	{"arch", (getter)machine_get_arch, NULL, "whose kernel rules: 'x86_64' or 'arm64'", NULL},
	{"phys_bits", (getter)machine_get_phys_bits, NULL, "the physical address width", NULL},
	{"closed", (getter)machine_get_closed, NULL, "True once close() was called", NULL},
	{NULL, NULL, NULL, NULL, NULL},
};

#define MRPY_KW(fn) (PyCFunction)(void (*)(void))(fn), METH_VARARGS | METH_KEYWORDS

static PyMethodDef machine_methods[] = {
	{"map", MRPY_KW(machine_map),
	 "map($self, /, phys, size, flags)\n--\n\nmemremap() on this machine."},
	{"query", MRPY_KW(machine_query),
	 "query($self, /, phys, size, flags)\n--\n\nWhat memremap() would do, without doing it."},
	{"region_intersects", MRPY_KW(machine_region_intersects),
	 "region_intersects($self, /, start, size, flags=IORESOURCE_SYSTEM_RAM, "
	 "desc=IORES_DESC_NONE)\n--\n\nREGION_INTERSECTS, REGION_DISJOINT or REGION_MIXED."},
	{"memtype", MRPY_KW(machine_memtype),
	 "memtype($self, /, start, size)\n--\n\nThe cache type already held on the "
	 "first page of the range that has one, and who holds it."},
	{"reg", (PyCFunction)mrpy_machine_reg, METH_O,
	 "reg($self, name, /)\n--\n\nWhere the block, register or field @name of the "
	 "machine's register descriptions is: a Register."},
	{"match", (PyCFunction)mrpy_machine_match, METH_O,
	 "match($self, pattern, /)\n--\n\nEvery register or field whose name matches the "
	 "glob @pattern (\"edu.*\", \"*.STATUS:*\", \"edu\" for all of edu's registers), "
	 "in block, offset and bit order: a list of Register."},
	{"iomem", (PyCFunction)machine_iomem, METH_NOARGS,
	 "iomem($self, /)\n--\n\nThe resource tree as /proc/iomem text."},
	{"mappings", (PyCFunction)machine_mappings, METH_NOARGS,
	 "mappings($self, /)\n--\n\nEvery live mapping, Python's and C code's."},
	{"use", (PyCFunction)machine_use, METH_NOARGS,
	 "use($self, /)\n--\n\nMake this machine current; returns the one before."},
	{"close", (PyCFunction)machine_close, METH_NOARGS,
	 "close($self, /)\n--\n\nNo new mappings; the machine goes when its last mapping is "
	 "closed. "
	 "A no-op on the library's default machine."},
	{"__enter__", (PyCFunction)machine_enter, METH_NOARGS, "use() the machine"},
	{"__exit__", (PyCFunction)machine_exit, METH_VARARGS,
	 "make the machine current before __enter__ current again, then close()"},
	{NULL, NULL, 0, NULL},
};

PyTypeObject MachineType = {
	PyVarObject_HEAD_INIT(NULL, 0).tp_name = "memremap.Machine",
	.tp_basicsize = sizeof(MachineObject),
	.tp_dealloc = (destructor)machine_dealloc,
	.tp_repr = (reprfunc)machine_repr,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = "Machine(spec=None, *, regs=None, regs_base=None)\n--\n\nA machine: 'sim', "
		  "'sim:FILE,KEY=VALUE,...' or 'linux[,root=DIR,...]'; None means "
		  "MEMREMAP_MACHINE, else 'linux'. regs: register descriptions (files or "
		  "folders, 'a.regs:b.svd'; None: MEMREMAP_REGS); regs_base: {block: address}. "
		  "A context manager: the machine is current inside the block and closed after.",
	.tp_methods = machine_methods,
	.tp_getset = machine_getset,
	.tp_new = machine_new,
};
