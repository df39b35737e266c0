// SPDX-License-Identifier: MIT
/*
 * memremap.Device: a device that holds device-managed mappings
 * (mr_device_new, devm_memremap, mr_device_unbind).
 *
 * The library releases a device's mappings itself on unbind: before it
 * does, every Python mapping the device holds is closed, so that none
 * points at what the library unmapped. A device with exported buffers of
 * its mappings refuses to unbind (BufferError), as a mapping refuses to close.
 */
#include <errno.h>

#include "mrpy.h"

static PyObject *device_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = {"name", NULL};
	DeviceObject *self;
	const char *name;
	struct device *dev;

	if (!PyArg_ParseTupleAndKeywords(args, kw, "s:Device", kwlist, &name))
		return NULL;
	dev = mr_device_new(name);
	if (!dev)
		return mrpy_raise(errno);
	self = (DeviceObject *)type->tp_alloc(type, 0);
	if (!self) {
		mr_device_free(dev);
		return NULL;
	}
	self->dev = dev;
	return (PyObject *)self;
}

static int device_check(DeviceObject *self)
{
	if (self->dev)
		return 0;
	mrpy_closed("device");
	return -1;
}

/* Closes the device's mappings, then has the library release them. */
static int device_unbind_impl(DeviceObject *self)
{
	MappingObject *m;
	PyObject *held;
	Py_ssize_t n = 0;
	int count;

	for (m = self->maps; m; m = m->dev_next) {
		if (m->pins) {
			PyErr_Format(
				PyExc_BufferError,
				"cannot unbind '%s': a mapping of it has %zd exported buffer(s) "
				"or copies in flight",
				mr_device_name(self->dev), m->pins);
			return -1;
		}
		n++;
	}
	held = PyList_New(n);
	if (!held)
		return -1;
	n = 0;
	for (m = self->maps; m; m = m->dev_next) {
		m->addr = NULL;
		PyList_SET_ITEM(held, n++, Py_NewRef(m));
	}
	mrpy_lock();
	Py_BEGIN_ALLOW_THREADS
		count = mr_device_unbind(self->dev);
	Py_END_ALLOW_THREADS
	mrpy_unlock();
	for (Py_ssize_t i = 0; i < n; i++)
		mrpy_mapping_detach((MappingObject *)PyList_GET_ITEM(held, i));
	Py_DECREF(held);
	return count;
}

static PyObject *device_unbind(DeviceObject *self, PyObject *unused)
{
	int n;

	(void)unused;
	if (device_check(self))
		return NULL;
	n = device_unbind_impl(self);
	return n < 0 ? NULL : PyLong_FromLong(n);
}

static int device_close_impl(DeviceObject *self)
{
	struct device *dev = self->dev;

	if (!dev)
		return 0;
	if (device_unbind_impl(self) < 0)
		return -1;
	self->dev = NULL;
	Py_BEGIN_ALLOW_THREADS
		mr_device_free(dev);
	Py_END_ALLOW_THREADS
	return 0;
}

static PyObject *device_close(DeviceObject *self, PyObject *unused)
{
	(void)unused;
	if (device_close_impl(self))
		return NULL;
	Py_RETURN_NONE;
}

static void device_dealloc(DeviceObject *self)
{
	PyObject *type, *value, *tb;

	/* Its mappings hold the device: none is left, nothing can be pinned. */
	PyErr_Fetch(&type, &value, &tb);
	if (device_close_impl(self))
		PyErr_WriteUnraisable((PyObject *)self);
	PyErr_Restore(type, value, tb);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

/* devm_memremap() acts on the current machine: hold it current meanwhile. */
static PyObject *device_map(DeviceObject *self, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = {"phys", "size", "flags", "machine", NULL};
	PyObject *phys_o, *size_o, *flags_o, *mach_o = Py_None, *ret;
	uint64_t phys, size, flags;
	struct mr_machine *before;
	MachineObject *mach;

	if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO|$O:map", kwlist, &phys_o, &size_o, &flags_o,
					 &mach_o))
		return NULL;
	if (device_check(self) || mrpy_u64(phys_o, "phys", &phys) ||
	    mrpy_u64(size_o, "size", &size) || mrpy_u64(flags_o, "flags", &flags))
		return NULL;
	mach = mrpy_machine_arg(mach_o);
	if (!mach)
		return NULL;
	if (!mach->m || mach->closed) {
		Py_DECREF(mach);
		return mrpy_closed("machine");
	}
	mrpy_lock();
	before = mr_machine_use(mach->m);
	ret = mrpy_mapping_new(&MappingType, mach, self, phys, size, flags);
	mr_machine_use(before);
	mrpy_unlock();
	Py_DECREF(mach);
	return ret;
}

static PyObject *device_enter(DeviceObject *self, PyObject *unused)
{
	(void)unused;
	if (device_check(self))
		return NULL;
	return Py_NewRef(self);
}

static PyObject *device_exit(DeviceObject *self, PyObject *args)
{
	(void)args;
	if (device_close_impl(self))
		return NULL;
	Py_RETURN_FALSE;
}

static PyObject *device_get_name(DeviceObject *self, void *c)
{
	(void)c;
	return device_check(self) ? NULL : PyUnicode_FromString(mr_device_name(self->dev));
}

static PyObject *device_get_resources(DeviceObject *self, void *c)
{
	(void)c;
	return device_check(self) ? NULL : PyLong_FromLong(mr_device_resources(self->dev));
}

static PyObject *device_get_closed(DeviceObject *self, void *c)
{
	(void)c;
	return PyBool_FromLong(!self->dev);
}

static PyObject *device_repr(DeviceObject *self)
{
	if (!self->dev)
		return PyUnicode_FromString("<memremap.Device closed>");
	return PyUnicode_FromFormat("<memremap.Device '%s' resources=%d>",
				    mr_device_name(self->dev), mr_device_resources(self->dev));
}

static PyGetSetDef device_getset[] = {
	{"name", (getter)device_get_name, NULL, "the device's name", NULL},
	{"resources", (getter)device_get_resources, NULL,
	 "how many device-managed records it holds (mr_device_resources())", NULL},
	{"closed", (getter)device_get_closed, NULL, "True once closed", NULL},
	{NULL, NULL, NULL, NULL, NULL},
};

static PyMethodDef device_methods[] = {
	{"map", (PyCFunction)(void (*)(void))device_map, METH_VARARGS | METH_KEYWORDS,
	 "map($self, /, phys, size, flags, *, machine=None)\n--\n\ndevm_memremap(): the mapping "
	 "lives until it is closed or the device is unbound."},
	{"unbind", (PyCFunction)device_unbind, METH_NOARGS,
	 "unbind($self, /)\n--\n\nRelease everything the device holds, last in first out; its "
	 "mappings are closed. Returns how many records were released."},
	{"close", (PyCFunction)device_close, METH_NOARGS,
	 "close($self, /)\n--\n\nunbind() and free the device."},
	{"__enter__", (PyCFunction)device_enter, METH_NOARGS, NULL},
	{"__exit__", (PyCFunction)device_exit, METH_VARARGS, NULL},
	{NULL, NULL, 0, NULL},
};

PyTypeObject DeviceType = {
	PyVarObject_HEAD_INIT(NULL, 0).tp_name = "memremap.Device",
	.tp_basicsize = sizeof(DeviceObject),
	.tp_dealloc = (destructor)device_dealloc,
	.tp_repr = (reprfunc)device_repr,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = "Device(name)\n--\n\nA bound device (mr_device_new()) that holds device-managed "
		  "mappings. A context manager: closed (unbound and freed) after the block.",
	.tp_methods = device_methods,
	.tp_getset = device_getset,
	.tp_new = device_new,
};
