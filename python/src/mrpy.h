/* SPDX-License-Identifier: MIT */
/*
 * The memremap Python extension (memremap._memremap): what its files share.
 *
 * Objects and who keeps whom alive:
 *   Mapping -> Machine   a mapping holds its machine (a strong reference and
 *                        a count of users), so the library's machine is closed
 *                        only once the last mapping made on it is closed;
 *   Mapping -> Device    a device-managed mapping holds its device; the device
 *                        lists its open mappings (borrowed) so that unbind()
 *                        can close them before the library unmaps them;
 *   buffers -> Mapping   every exported buffer (memoryview, numpy array) and
 *                        every copy running without the GIL pins the mapping:
 *                        close() then raises BufferError, as mmap's does.
 *
 * The GIL is released around every library call that may wait (opening and
 * closing machines, mapping, unmapping, queries, unbinding, large copies);
 * a single read or write of a register keeps it (one instruction).
 */
#ifndef MRPY_H
#define MRPY_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pythread.h>
#include <stdint.h>

#include <memremap.h>

struct mr_regs;

typedef struct mrpy_machine {
	PyObject_HEAD struct mr_machine *m; /* NULL once really closed */
	Py_ssize_t users;		    /* open mappings and calls in flight */
	int closed;			    /* close() was called; m goes when users drops to 0 */
	int borrowed;			    /* the library's default machine: never closed here */
	PyObject *entered;		    /* the machines current before each __enter__ */
	struct mr_regs *regs;		    /* register descriptions (regs.c), NULL until loaded */
} MachineObject;

struct mrpy_mapping;

typedef struct mrpy_device {
	PyObject_HEAD struct device *dev; /* NULL once closed */
	struct mrpy_mapping *maps;	  /* its open mappings (borrowed) */
} DeviceObject;

typedef struct mrpy_mapping {
	PyObject_HEAD char *addr; /* what memremap() returned; NULL once closed */
	uint64_t phys;
	Py_ssize_t size;
	unsigned long flags;
	unsigned long type;	/* the cache type obtained */
	Py_ssize_t pins;	/* exported buffers and copies in flight */
	MachineObject *machine; /* the machine it was made on */
	DeviceObject *device;	/* the device that holds it, or NULL */
	struct mrpy_mapping *dev_next, **dev_pprev;
	PyObject *weakrefs;
} MappingObject;

/* module.c */
extern PyObject *mrpy_Error;
extern PyTypeObject *mrpy_QueryType, *mrpy_MappingInfoType;
/* Raise memremap.Error(err, the library's message, or strerror(err)). */
PyObject *mrpy_raise(int err);
/* Raise ValueError("... is closed"). */
PyObject *mrpy_closed(const char *what);
/*
 * A @type structseq of the @n new references @v (each one is taken);
 * NULL with the error set when any of them or the structseq is NULL.
 */
PyObject *mrpy_structseq(PyTypeObject *type, PyObject *const *v, int n);
/* Serialises changes of the current machine with the calls that act on it. */
void mrpy_lock(void);
void mrpy_unlock(void);
/* An int argument as a uint64 / size_t: TypeError or ValueError otherwise. */
int mrpy_u64(PyObject *o, const char *what, uint64_t *out);

/* machine.c */
extern PyTypeObject MachineType;
/* The current machine (a new reference), opening the default one if needed. */
MachineObject *mrpy_current(void);
/* @o, or the current machine for None; a new reference, NULL with an error. */
MachineObject *mrpy_machine_arg(PyObject *o);
/* Count a user of the machine (a mapping or a call in flight); ValueError if closed. */
int mrpy_machine_get(MachineObject *mach);
/* Drop a user; the last one closes a machine whose close() was called. */
void mrpy_machine_put(MachineObject *mach);
/* Make @mach (or none, for NULL) current; returns the old one (new reference). */
PyObject *mrpy_use(MachineObject *mach);

/* mapping.c */
extern PyTypeObject MappingType;
/*
 * Map on @mach, device-managed when @dev is set (@dev's machine is then the
 * current one: the caller holds mrpy_lock with @mach current).
 */
PyObject *mrpy_mapping_new(PyTypeObject *type, MachineObject *mach, DeviceObject *dev,
			   uint64_t phys, uint64_t size, uint64_t flags);
/* A MappingInfo from the library's description; @device is the holder's name or NULL. */
PyObject *mrpy_info_new(const struct mr_mapping_info *info, const char *device);
/* Forget the mapping's pointer (the library unmaps it), drop its references. */
void mrpy_mapping_detach(MappingObject *self);

/* device.c */
extern PyTypeObject DeviceType;

/*
 * mapping.c: one access of @bits (8, 16, 32, 64) through the accessors
 * test_access.py disassembles.
 */
uint64_t mrpy_mapping_readx(const volatile void *p, unsigned int bits);
void mrpy_mapping_writex(volatile void *p, unsigned int bits, uint64_t v);

/* regs.c: register names (BLOCK.REG:FIELD) from libmemremap-regs (MRPY_REGS). */
extern PyTypeObject *mrpy_RegisterType;
/* Machine(regs=, regs_base=): load the descriptions now; None and None: later. */
int mrpy_regs_init(MachineObject *mach, PyObject *files, PyObject *bases);
void mrpy_regs_free(MachineObject *mach);
/* Machine.reg(name): where a block, register or field is. */
PyObject *mrpy_machine_reg(MachineObject *mach, PyObject *name);
PyObject *mrpy_machine_match(MachineObject *mach, PyObject *pattern);
PyObject *mrpy_reg_read(MappingObject *self, PyObject *name, int read_clear);
PyObject *mrpy_reg_write(MappingObject *self, PyObject *name, PyObject *value, int verify);

#endif /* MRPY_H */
