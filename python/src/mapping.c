// SPDX-License-Identifier: MIT
/*
 * memremap.Mapping: one memremap() (or devm_memremap()) mapping.
 *
 * readN()/writeN() call the library's accessors (readb..readq,
 * writeb..writeq) through the mrpy_io_* functions below, kept out of line
 * so that a test can disassemble each one and count its accesses: one of
 * exactly N bits (tests/python/test_access.py). Offsets are checked against
 * the mapping and for natural alignment before any access, so that a bad
 * offset is a ValueError, never a fault.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <memremap/io.h>
#include <memremap/safe.h>

#include "mrpy.h"

/* Copies this large, or to or from memory that is not WB, run without the GIL. */
#define MRPY_NOGIL_COPY 4096

/* ----------------------------------------------------------- accessors */

/*
 * Out of line and never cloned: the accessor paths test_access.py
 * disassembles. Sanitizers would add loads of their own around the one
 * access (and shadow memory means nothing for device memory).
 */
#define MRPY_IO                                                                             \
	__attribute__((noinline, noclone, used, no_sanitize_address, no_sanitize_undefined, \
		       no_sanitize_thread))

#define MRPY_IO_PAIR(bits, x)                                                    \
	MRPY_IO static uint##bits##_t mrpy_io_read##x(const volatile void *p)    \
	{                                                                        \
		return read##x(p);                                               \
	}                                                                        \
	MRPY_IO static void mrpy_io_write##x(volatile void *p, uint##bits##_t v) \
	{                                                                        \
		write##x(v, p);                                                  \
	}

MRPY_IO_PAIR(8, b)
MRPY_IO_PAIR(16, w)
MRPY_IO_PAIR(32, l)
MRPY_IO_PAIR(64, q)
#undef MRPY_IO_PAIR

uint64_t mrpy_mapping_readx(const volatile void *p, unsigned int bits)
{
	switch (bits) {
	case 8:
		return mrpy_io_readb(p);
	case 16:
		return mrpy_io_readw(p);
	case 32:
		return mrpy_io_readl(p);
	default:
		return mrpy_io_readq(p);
	}
}

void mrpy_mapping_writex(volatile void *p, unsigned int bits, uint64_t v)
{
	switch (bits) {
	case 8:
		mrpy_io_writeb(p, (uint8_t)v);
		break;
	case 16:
		mrpy_io_writew(p, (uint16_t)v);
		break;
	case 32:
		mrpy_io_writel(p, (uint32_t)v);
		break;
	default:
		mrpy_io_writeq(p, v);
		break;
	}
}

/*
 * The byte at offset @o, for @width bytes from there, aligned to @width when
 * @align (one access); NULL with an error.
 */
static char *mapping_at(MappingObject *self, PyObject *o, Py_ssize_t width, int align)
{
	Py_ssize_t off = PyNumber_AsSsize_t(o, NULL); /* clips: the range check refuses */
	char *p;

	if (off == -1 && PyErr_Occurred())
		return NULL;
	if (!self->addr)
		return (char *)mrpy_closed("mapping");
	if (off < 0 || width > self->size || off > self->size - width) {
		PyErr_Format(PyExc_ValueError,
			     "offset %zd out of range for %zd byte(s) in a mapping of %zd bytes",
			     off, width, self->size);
		return NULL;
	}
	p = self->addr + off;
	if (align && ((uintptr_t)p & (uintptr_t)(width - 1))) {
		char msg[128];

		/* PyErr_Format() has no hex of 64-bit numbers. */
		snprintf(msg, sizeof(msg),
			 "offset %#zx: phys %#llx is not aligned for a %zd-bit access", (size_t)off,
			 (unsigned long long)(self->phys + (uint64_t)off), width * 8);
		PyErr_SetString(PyExc_ValueError, msg);
		return NULL;
	}
	return p;
}

/* A value of @bits bits: TypeError for a non-integer, ValueError out of range. */
static int mapping_value(PyObject *o, int bits, uint64_t *v)
{
	PyObject *idx = PyNumber_Index(o);

	if (!idx)
		return -1;
	*v = PyLong_AsUnsignedLongLong(idx);
	Py_DECREF(idx);
	if ((*v == (uint64_t)-1 && PyErr_Occurred()) || (bits < 64 && (*v >> bits))) {
		PyErr_Clear();
		PyErr_Format(PyExc_ValueError, "value %R out of range for %d bits", o, bits);
		return -1;
	}
	return 0;
}

/*
 * Arguments by position or by name, as a method written in Python takes
 * them (periphery's callers may write read32(offset=4)): @npos may come by
 * position, the first @want must come; out[i] is NULL for one not given.
 */
static int mapping_args(const char *fn, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
			const char *const *names, int n, int npos, int want, PyObject **out)
{
	Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;

	if (nargs > npos) {
		PyErr_Format(PyExc_TypeError,
			     "%s() takes at most %d positional arguments (%zd given)", fn, npos,
			     nargs);
		return -1;
	}
	for (int i = 0; i < n; i++)
		out[i] = i < nargs ? args[i] : NULL;
	for (Py_ssize_t k = 0; k < nkw; k++) {
		PyObject *key = PyTuple_GET_ITEM(kwnames, k);
		int i = 0;

		while (i < n && PyUnicode_CompareWithASCIIString(key, names[i]))
			i++;
		if (i == n) {
			PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument %R",
				     fn, key);
			return -1;
		}
		if (out[i]) {
			PyErr_Format(PyExc_TypeError, "%s() got multiple values for argument '%s'",
				     fn, names[i]);
			return -1;
		}
		out[i] = args[nargs + k];
	}
	for (int i = 0; i < want; i++) {
		if (!out[i]) {
			PyErr_Format(PyExc_TypeError, "%s() missing required argument '%s'", fn,
				     names[i]);
			return -1;
		}
	}
	return 0;
}

static const char *const mapping_offset_value[] = {"offset", "value"};

#define MRPY_ACCESSORS(bits, x, from_c)                                                            \
	static PyObject *mapping_read##bits(MappingObject *self, PyObject *const *args,            \
					    Py_ssize_t nargs, PyObject *kwnames)                   \
	{                                                                                          \
		PyObject *off = nargs == 1 && !kwnames ? args[0] : NULL;                           \
		const char *p;                                                                     \
                                                                                                   \
		if (!off && mapping_args("read" #bits, args, nargs, kwnames, mapping_offset_value, \
					 1, 1, 1, &off))                                           \
			return NULL;                                                               \
		p = mapping_at(self, off, bits / 8, 1);                                            \
		return p ? from_c(mrpy_io_read##x(p)) : NULL;                                      \
	}                                                                                          \
	static PyObject *mapping_write##bits(MappingObject *self, PyObject *const *args,           \
					     Py_ssize_t nargs, PyObject *kwnames)                  \
	{                                                                                          \
		PyObject *a[2];                                                                    \
		uint64_t v;                                                                        \
		char *p;                                                                           \
                                                                                                   \
		if (nargs == 2 && !kwnames) {                                                      \
			a[0] = args[0];                                                            \
			a[1] = args[1];                                                            \
		} else if (mapping_args("write" #bits, args, nargs, kwnames, mapping_offset_value, \
					2, 2, 2, a)) {                                             \
			return NULL;                                                               \
		}                                                                                  \
		if (mapping_value(a[1], bits, &v))                                                 \
			return NULL;                                                               \
		p = mapping_at(self, a[0], bits / 8, 1);                                           \
		if (!p)                                                                            \
			return NULL;                                                               \
		mrpy_io_write##x(p, (uint##bits##_t)v);                                            \
		Py_RETURN_NONE;                                                                    \
	}

MRPY_ACCESSORS(8, b, PyLong_FromUnsignedLong)
MRPY_ACCESSORS(16, w, PyLong_FromUnsignedLong)
MRPY_ACCESSORS(32, l, PyLong_FromUnsignedLong)
MRPY_ACCESSORS(64, q, PyLong_FromUnsignedLongLong)
#undef MRPY_ACCESSORS

/* -------------------------------------------------------------- copies */

enum mrpy_dir { MRPY_FROM_IO, MRPY_TO_IO };

static int mapping_do_copy(void *dst, const void *src, size_t n, int safe, enum mrpy_dir dir)
{
	if (!safe) {
		mr_memcpy_io(dst, src, n);
		return 0;
	}
	return dir == MRPY_FROM_IO ? mr_memcpy_fromio_safe(dst, src, n)
				   : mr_memcpy_toio_safe(dst, src, n);
}

/* mr_memcpy_io() picks the routine from both pointers' mapping types. */
static int mapping_copy(MappingObject *self, void *dst, const void *src, size_t n, int safe,
			enum mrpy_dir dir)
{
	int ret, err = 0;

	if (n < MRPY_NOGIL_COPY && self->type == MEMREMAP_WB) {
		ret = mapping_do_copy(dst, src, n, safe, dir);
		err = errno;
	} else {
		self->pins++;
		Py_BEGIN_ALLOW_THREADS
			ret = mapping_do_copy(dst, src, n, safe, dir);
			err = errno;
		Py_END_ALLOW_THREADS
		self->pins--;
	}
	if (ret) {
		mrpy_raise(err ? err : -ret);
		return -1;
	}
	return 0;
}

/* A length argument: TypeError for a non-integer, ValueError when negative. */
static int mapping_length_arg(PyObject *o, Py_ssize_t *len)
{
	*len = PyNumber_AsSsize_t(o, NULL);
	if (*len == -1 && PyErr_Occurred())
		return -1;
	if (*len < 0) {
		PyErr_Format(PyExc_ValueError, "length %zd is negative", *len);
		return -1;
	}
	return 0;
}

static int mapping_safe_arg(PyObject *o, int *safe)
{
	*safe = o ? PyObject_IsTrue(o) : 0;
	return *safe < 0 ? -1 : 0;
}

static PyObject *mapping_read(MappingObject *self, PyObject *const *args, Py_ssize_t nargs,
			      PyObject *kwnames)
{
	static const char *const names[] = {"offset", "length", "safe", "read_clear"};
	PyObject *a[4], *out;
	Py_ssize_t len;
	char *p;
	int safe, read_clear;

	if (mapping_args("read", args, nargs, kwnames, names, 4, 2, 1, a))
		return NULL;
	if (a[1] == Py_None)
		a[1] = NULL; /* the signature's default */
	if (PyUnicode_Check(a[0]) && !a[1] && !a[2]) {
		if (mapping_safe_arg(a[3], &read_clear))
			return NULL;
		return mrpy_reg_read(self, a[0], read_clear);
	}
	if (a[3]) {
		PyErr_SetString(PyExc_TypeError,
				"read(): read_clear is for a register name, not an offset");
		return NULL;
	}
	if (!a[1]) {
		PyErr_SetString(PyExc_TypeError, "read() missing required argument 'length'");
		return NULL;
	}
	if (mapping_length_arg(a[1], &len) || mapping_safe_arg(a[2], &safe))
		return NULL;
	p = mapping_at(self, a[0], len, 0);
	if (!p)
		return NULL;
	out = PyBytes_FromStringAndSize(NULL, len);
	if (out && mapping_copy(self, PyBytes_AS_STRING(out), p, (size_t)len, safe, MRPY_FROM_IO))
		Py_CLEAR(out);
	return out;
}

static PyObject *mapping_readinto(MappingObject *self, PyObject *const *args, Py_ssize_t nargs,
				  PyObject *kwnames)
{
	static const char *const names[] = {"offset", "buffer", "safe"};
	PyObject *a[3], *ret = NULL;
	Py_buffer view;
	char *p;
	int safe;

	if (mapping_args("readinto", args, nargs, kwnames, names, 3, 2, 2, a) ||
	    mapping_safe_arg(a[2], &safe))
		return NULL;
	if (PyObject_GetBuffer(a[1], &view, PyBUF_WRITABLE)) {
		/* As file.readinto() says it. */
		PyErr_Format(PyExc_TypeError,
			     "readinto() argument must be read-write bytes-like object, not %.100s",
			     Py_TYPE(a[1])->tp_name);
		return NULL;
	}
	p = mapping_at(self, a[0], view.len, 0);
	if (!p)
		goto out;
	/* Into a view of this very mapping: the copies assume no overlap. */
	if ((char *)view.buf < p + view.len && p < (char *)view.buf + view.len) {
		PyObject *tmp = PyBytes_FromStringAndSize(NULL, view.len);

		if (tmp && !mapping_copy(self, PyBytes_AS_STRING(tmp), p, (size_t)view.len, safe,
					 MRPY_FROM_IO)) {
			memmove(view.buf, PyBytes_AS_STRING(tmp), (size_t)view.len);
			ret = PyLong_FromSsize_t(view.len);
		}
		Py_XDECREF(tmp);
		goto out;
	}
	if (!mapping_copy(self, view.buf, p, (size_t)view.len, safe, MRPY_FROM_IO))
		ret = PyLong_FromSsize_t(view.len);
out:
	PyBuffer_Release(&view);
	return ret;
}

/* Bytes-like objects as they are; lists and tuples of byte values as periphery takes them. */
static int mapping_data(PyObject *data, Py_buffer *view, PyObject **tmp)
{
	*tmp = NULL;
	if (PyList_Check(data) || PyTuple_Check(data)) {
		*tmp = PyByteArray_FromObject(data);
		if (!*tmp)
			return -1;
		data = *tmp;
	} else if (!PyObject_CheckBuffer(data)) {
		PyErr_Format(PyExc_TypeError,
			     "data must be bytes-like or a list of byte values, not %.100s",
			     Py_TYPE(data)->tp_name);
		return -1;
	}
	if (PyObject_GetBuffer(data, view, PyBUF_SIMPLE)) {
		Py_CLEAR(*tmp);
		return -1;
	}
	return 0;
}

static PyObject *mapping_write(MappingObject *self, PyObject *const *args, Py_ssize_t nargs,
			       PyObject *kwnames)
{
	static const char *const names[] = {"offset", "data", "safe", "verify"};
	PyObject *a[4], *tmp, *ret = NULL;
	Py_buffer view;
	void *copy = NULL;
	const char *src;
	char *p;
	int safe, verify;

	if (mapping_args("write", args, nargs, kwnames, names, 4, 2, 1, a))
		return NULL;
	if (a[1] == Py_None)
		a[1] = NULL; /* the signature's default */
	if (PyUnicode_Check(a[0]) && !a[2]) {
		if (mapping_safe_arg(a[3], &verify))
			return NULL;
		return mrpy_reg_write(self, a[0], a[1], verify);
	}
	if (a[3]) {
		PyErr_SetString(PyExc_TypeError,
				"write(): verify is for a register name, not an offset");
		return NULL;
	}
	if (!a[1]) {
		PyErr_SetString(PyExc_TypeError, "write() missing required argument 'data'");
		return NULL;
	}
	if (mapping_safe_arg(a[2], &safe) || mapping_data(a[1], &view, &tmp))
		return NULL;
	src = view.buf;
	p = mapping_at(self, a[0], view.len, 0);
	if (!p)
		goto out;
	/* From a view of this very mapping: the copies assume no overlap. */
	if (src < p + view.len && p < src + view.len) {
		copy = PyMem_Malloc((size_t)view.len);
		if (!copy) {
			PyErr_NoMemory();
			goto out;
		}
		memcpy(copy, src, (size_t)view.len);
		src = copy;
	}
	if (!mapping_copy(self, p, src, (size_t)view.len, safe, MRPY_TO_IO))
		ret = Py_NewRef(Py_None);
out:
	PyMem_Free(copy);
	PyBuffer_Release(&view);
	Py_XDECREF(tmp);
	return ret;
}

static PyObject *mapping_fill(MappingObject *self, PyObject *const *args, Py_ssize_t nargs,
			      PyObject *kwnames)
{
	static const char *const names[] = {"offset", "length", "value"};
	PyObject *a[3];
	Py_ssize_t len;
	uint64_t v = 0;
	char *p;

	if (mapping_args("fill", args, nargs, kwnames, names, 3, 3, 2, a) ||
	    (a[2] && mapping_value(a[2], 8, &v)) || mapping_length_arg(a[1], &len))
		return NULL;
	p = mapping_at(self, a[0], len, 0);
	if (!p)
		return NULL;
	if (len < MRPY_NOGIL_COPY && self->type == MEMREMAP_WB) {
		memset_io(p, (int)v, (size_t)len);
		Py_RETURN_NONE;
	}
	self->pins++;
	Py_BEGIN_ALLOW_THREADS
		memset_io(p, (int)v, (size_t)len);
	Py_END_ALLOW_THREADS
	self->pins--;
	Py_RETURN_NONE;
}

/* ---------------------------------------------------- making, closing */

static void mapping_link(MappingObject *self, DeviceObject *dev)
{
	Py_INCREF(dev);
	self->device = dev;
	self->dev_next = dev->maps;
	if (dev->maps)
		dev->maps->dev_pprev = &self->dev_next;
	self->dev_pprev = &dev->maps;
	dev->maps = self;
}

static void mapping_unlink(MappingObject *self)
{
	if (!self->dev_pprev)
		return;
	*self->dev_pprev = self->dev_next;
	if (self->dev_next)
		self->dev_next->dev_pprev = self->dev_pprev;
	self->dev_next = NULL;
	self->dev_pprev = NULL;
}

PyObject *mrpy_mapping_new(PyTypeObject *type, MachineObject *mach, DeviceObject *dev,
			   uint64_t phys, uint64_t size, uint64_t flags)
{
	struct mr_mapping_info info;
	MappingObject *self;
	void *addr;
	int err = 0;

	if (size > PY_SSIZE_T_MAX || flags > ULONG_MAX) {
		PyErr_Format(PyExc_ValueError, "%s out of range",
			     size > PY_SSIZE_T_MAX ? "size" : "flags");
		return NULL;
	}
	self = (MappingObject *)type->tp_alloc(type, 0);
	if (!self)
		return NULL;
	if (mrpy_machine_get(mach)) {
		Py_DECREF(self);
		return NULL;
	}
	Py_BEGIN_ALLOW_THREADS
		if (dev) {
			addr = devm_memremap(dev->dev, phys, (size_t)size, (unsigned long)flags);
			if (IS_ERR(addr))
				addr = NULL;
		} else {
			addr = mr_memremap(mach->m, phys, (size_t)size, (unsigned long)flags);
		}
		err = errno;
	Py_END_ALLOW_THREADS
	if (!addr) {
		mrpy_raise(err);
		mrpy_machine_put(mach);
		Py_DECREF(self);
		return NULL;
	}
	self->addr = addr;
	self->phys = phys;
	self->size = (Py_ssize_t)size;
	self->flags = (unsigned long)flags;
	self->type = mr_mapping_info(addr, &info) ? MEMREMAP_DEV : info.type;
	Py_INCREF(mach);
	self->machine = mach;
	if (dev)
		mapping_link(self, dev);
	return (PyObject *)self;
}

void mrpy_mapping_detach(MappingObject *self)
{
	MachineObject *mach = self->machine;
	DeviceObject *dev = self->device;

	self->addr = NULL;
	mapping_unlink(self);
	self->machine = NULL;
	self->device = NULL;
	if (mach) {
		mrpy_machine_put(mach);
		Py_DECREF(mach);
	}
	Py_XDECREF(dev);
}

static int mapping_close_impl(MappingObject *self)
{
	char *addr = self->addr;

	if (!addr)
		return 0;
	if (self->pins) {
		PyErr_Format(
			PyExc_BufferError,
			"cannot close a mapping with %zd exported buffer(s) or copies in flight",
			self->pins);
		return -1;
	}
	self->addr = NULL;
	if (self->device) {
		struct device *dev = self->device->dev;

		mapping_unlink(self);
		mrpy_lock();
		Py_BEGIN_ALLOW_THREADS
			devm_memunmap(dev, addr);
		Py_END_ALLOW_THREADS
		mrpy_unlock();
	} else {
		Py_BEGIN_ALLOW_THREADS
			memunmap(addr);
		Py_END_ALLOW_THREADS
	}
	mrpy_mapping_detach(self);
	return 0;
}

static PyObject *mapping_tp_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = {"phys", "size", "flags", "machine", NULL};
	PyObject *phys_o, *size_o, *flags_o, *mach_o = Py_None, *ret;
	uint64_t phys, size, flags;
	MachineObject *mach;

	if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO|$O:Mapping", kwlist, &phys_o, &size_o,
					 &flags_o, &mach_o))
		return NULL;
	if (mrpy_u64(phys_o, "phys", &phys) || mrpy_u64(size_o, "size", &size) ||
	    mrpy_u64(flags_o, "flags", &flags))
		return NULL;
	mach = mrpy_machine_arg(mach_o);
	if (!mach)
		return NULL;
	ret = mrpy_mapping_new(type, mach, NULL, phys, size, flags);
	Py_DECREF(mach);
	return ret;
}

static void mapping_dealloc(MappingObject *self)
{
	PyObject *type, *value, *tb;

	/* Exported buffers hold the mapping, so nothing is pinned here. */
	PyErr_Fetch(&type, &value, &tb);
	if (self->weakrefs)
		PyObject_ClearWeakRefs((PyObject *)self);
	if (mapping_close_impl(self))
		PyErr_WriteUnraisable((PyObject *)self);
	PyErr_Restore(type, value, tb);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *mapping_close(MappingObject *self, PyObject *unused)
{
	(void)unused;
	if (mapping_close_impl(self))
		return NULL;
	Py_RETURN_NONE;
}

static PyObject *mapping_enter(MappingObject *self, PyObject *unused)
{
	(void)unused;
	if (!self->addr)
		return mrpy_closed("mapping");
	return Py_NewRef(self);
}

static PyObject *mapping_exit(MappingObject *self, PyObject *args)
{
	(void)args;
	if (mapping_close_impl(self))
		return NULL;
	Py_RETURN_FALSE;
}

/* ---------------------------------------------------------- describing */

PyObject *mrpy_info_new(const struct mr_mapping_info *info, const char *device)
{
	PyObject *v[12];
	int n = 0;

	v[n++] = PyLong_FromVoidPtr(info->addr);
	v[n++] = PyLong_FromUnsignedLongLong(info->phys);
	v[n++] = PyLong_FromSize_t(info->size);
	v[n++] = PyLong_FromUnsignedLong(info->flags);
	v[n++] = PyLong_FromUnsignedLong(info->type);
	v[n++] = PyBool_FromLong(info->direct);
	v[n++] = PyBool_FromLong(info->exclusive);
	v[n++] = PyLong_FromUnsignedLongLong(info->map_phys);
	v[n++] = PyLong_FromSize_t(info->map_size);
	v[n++] = PyUnicode_DecodeUTF8(info->how, (Py_ssize_t)strlen(info->how), "replace");
	v[n++] = PyUnicode_DecodeUTF8(info->note, (Py_ssize_t)strlen(info->note), "replace");
	v[n++] = device ? PyUnicode_DecodeUTF8(device, (Py_ssize_t)strlen(device), "replace")
			: Py_NewRef(Py_None);
	return mrpy_structseq(mrpy_MappingInfoType, v, n);
}

static PyObject *mapping_info(MappingObject *self, PyObject *unused)
{
	struct mr_mapping_info info;
	int ret;

	(void)unused;
	if (!self->addr)
		return mrpy_closed("mapping");
	ret = mr_mapping_info(self->addr, &info);
	if (ret)
		return mrpy_raise(-ret);
	/* A direct-map pointer is described as the RAM around it: say what was asked. */
	info.phys = self->phys;
	info.size = (size_t)self->size;
	info.flags = self->flags;
	return mrpy_info_new(&info, self->device ? mr_device_name(self->device->dev) : NULL);
}

static PyObject *mapping_repr(MappingObject *self)
{
	char buf[96];

	if (!self->addr)
		return PyUnicode_FromFormat("<%s closed>", Py_TYPE(self)->tp_name);
	snprintf(buf, sizeof(buf), "phys=%#llx size=%#zx %s", (unsigned long long)self->phys,
		 (size_t)self->size, mr_type_name(self->type));
	return PyUnicode_FromFormat("<%s %s>", Py_TYPE(self)->tp_name, buf);
}

static PyObject *mapping_get_phys(MappingObject *self, void *c)
{
	(void)c;
	return PyLong_FromUnsignedLongLong(self->phys);
}

static PyObject *mapping_get_size(MappingObject *self, void *c)
{
	(void)c;
	return PyLong_FromSsize_t(self->size);
}

static PyObject *mapping_get_flags(MappingObject *self, void *c)
{
	(void)c;
	return PyLong_FromUnsignedLong(self->flags);
}

static PyObject *mapping_get_type(MappingObject *self, void *c)
{
	(void)c;
	return PyLong_FromUnsignedLong(self->type);
}

static PyObject *mapping_get_attr(MappingObject *self, void *c)
{
	const char *attr;

	(void)c;
	if (!self->addr)
		return mrpy_closed("mapping");
	attr = mr_mapping_attr(self->addr);
	return PyUnicode_FromString(attr ? attr : "?");
}

static PyObject *mapping_get_address(MappingObject *self, void *c)
{
	(void)c;
	if (!self->addr)
		return mrpy_closed("mapping");
	return PyLong_FromVoidPtr(self->addr);
}

static PyObject *mapping_get_closed(MappingObject *self, void *c)
{
	(void)c;
	return PyBool_FromLong(!self->addr);
}

static PyObject *mapping_get_machine(MappingObject *self, void *c)
{
	(void)c;
	return Py_NewRef(self->machine ? (PyObject *)self->machine : Py_None);
}

static PyObject *mapping_get_device(MappingObject *self, void *c)
{
	(void)c;
	return Py_NewRef(self->device ? (PyObject *)self->device : Py_None);
}

static Py_ssize_t mapping_length(MappingObject *self)
{
	return self->size;
}

/* ------------------------------------------------------ buffer protocol */

static int mapping_getbuffer(MappingObject *self, Py_buffer *view, int flags)
{
	if (!self->addr) {
		view->obj = NULL;
		mrpy_closed("mapping");
		return -1;
	}
	if (PyBuffer_FillInfo(view, (PyObject *)self, self->addr, self->size, 0, flags))
		return -1;
	self->pins++;
	return 0;
}

static void mapping_releasebuffer(MappingObject *self, Py_buffer *view)
{
	(void)view;
	self->pins--;
}

static PyBufferProcs mapping_as_buffer = {
	(getbufferproc)mapping_getbuffer,
	(releasebufferproc)mapping_releasebuffer,
};

static PySequenceMethods mapping_as_sequence = {
	.sq_length = (lenfunc)mapping_length,
};

static PyGetSetDef mapping_getset[] = {
	{"phys", (getter)mapping_get_phys, NULL, "the physical address of the first byte", NULL},
	{"size", (getter)mapping_get_size, NULL, "the size in bytes", NULL},
	{"flags", (getter)mapping_get_flags, NULL, "the flags asked for", NULL},
	{"type", (getter)mapping_get_type, NULL, "the cache type obtained: WB, WT, WC or DEV",
	 NULL},
	{"attr", (getter)mapping_get_attr, NULL,
	 "the memory attribute: 'UC-', 'WC', ... (x86), 'Device-nGnRE', 'Normal-NC', ... (arm64)",
	 NULL},
	{"address", (getter)mapping_get_address, NULL, "the virtual address of the first byte",
	 NULL},
	{"closed", (getter)mapping_get_closed, NULL, "True once closed", NULL},
	{"machine", (getter)mapping_get_machine, NULL,
	 "the machine it was made on (None once closed)", NULL},
	{"device", (getter)mapping_get_device, NULL, "the device that holds it, or None", NULL},
	{NULL, NULL, NULL, NULL, NULL},
};

#define MRPY_METH(fn) (PyCFunction)(void (*)(void))(fn), METH_FASTCALL | METH_KEYWORDS
#define MRPY_READ_DOC(bits, x)                                                                     \
	"read" #bits "($self, /, offset)\n--\n\nOne " #bits "-bit read" #x "() at @offset, which " \
	"must be aligned."
#define MRPY_WRITE_DOC(bits, x)                                                              \
	"write" #bits "($self, /, offset, value)\n--\n\nOne " #bits "-bit write" #x "() of " \
	"@value at @offset, which must be aligned."

static PyMethodDef mapping_methods[] = {
	{"read8", MRPY_METH(mapping_read8), MRPY_READ_DOC(8, b)},
	{"read16", MRPY_METH(mapping_read16), MRPY_READ_DOC(16, w)},
	{"read32", MRPY_METH(mapping_read32), MRPY_READ_DOC(32, l)},
	{"read64", MRPY_METH(mapping_read64), MRPY_READ_DOC(64, q)},
	{"write8", MRPY_METH(mapping_write8), MRPY_WRITE_DOC(8, b)},
	{"write16", MRPY_METH(mapping_write16), MRPY_WRITE_DOC(16, w)},
	{"write32", MRPY_METH(mapping_write32), MRPY_WRITE_DOC(32, l)},
	{"write64", MRPY_METH(mapping_write64), MRPY_WRITE_DOC(64, q)},
	{"read", MRPY_METH(mapping_read),
	 "read($self, /, offset, length=None, *, safe=False, read_clear=False)\n--\n\n"
	 "The bytes at [offset, offset + length), copied through mr_memcpy_io(). safe=True "
	 "survives the memory going away "
	 "(memremap.Error EIO instead of SIGBUS). read(name, *, read_clear=False) reads the "
	 "register or field a description names (\"edu.STATUS\", \"edu.STATUS:IRQ\")."},
	{"readinto", MRPY_METH(mapping_readinto),
	 "readinto($self, /, offset, buffer, *, safe=False)\n--\n\nFill a writable buffer "
	 "from offset; returns its length."},
	{"write", MRPY_METH(mapping_write),
	 "write($self, /, offset, data=None, *, safe=False, verify=False)\n--\n\nCopy "
	 "bytes-like data (or a list of byte values) to offset through mr_memcpy_io(). "
	 "write(name, value) and write(\"name=value\") write the register or field a "
	 "description names; a field by one read and one write of its register. verify=True "
	 "reads the register back and raises memremap.Error (EIO) when the bits named differ."},
	{"fill", MRPY_METH(mapping_fill),
	 "fill($self, /, offset, length, value=0)\n--\n\nmemset_io() of [offset, offset + "
	 "length)."},
	{"info", (PyCFunction)mapping_info, METH_NOARGS,
	 "info($self, /)\n--\n\nWhat the mapping really is (mr_mapping_info())."},
	{"close", (PyCFunction)mapping_close, METH_NOARGS,
	 "close($self, /)\n--\n\nmemunmap() (devm_memunmap() for a device's); BufferError "
	 "while buffers are exported. Closing twice is fine."},
	{"__enter__", (PyCFunction)mapping_enter, METH_NOARGS, NULL},
	{"__exit__", (PyCFunction)mapping_exit, METH_VARARGS, NULL},
	{NULL, NULL, 0, NULL},
};

PyTypeObject MappingType = {
	PyVarObject_HEAD_INIT(NULL, 0).tp_name = "memremap.Mapping",
	.tp_basicsize = sizeof(MappingObject),
	.tp_dealloc = (destructor)mapping_dealloc,
	.tp_repr = (reprfunc)mapping_repr,
	.tp_as_sequence = &mapping_as_sequence,
	.tp_as_buffer = &mapping_as_buffer,
	.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
	.tp_doc = "Mapping(phys, size, flags, *, machine=None)\n--\n\nA memremap() mapping of "
		  "[phys, phys + size): register accessors, copies, the buffer protocol. "
		  "memremap.map() makes one on the current machine.",
	.tp_weaklistoffset = offsetof(MappingObject, weakrefs),
	.tp_methods = mapping_methods,
	.tp_getset = mapping_getset,
	.tp_new = mapping_tp_new,
};
