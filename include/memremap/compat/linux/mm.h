/* SPDX-License-Identifier: MIT */
/*
 * <linux/mm.h>, the part a driver's mmap() handler names: the VMA, its
 * flags and page protection, remap_pfn_range() and vm_iomap_memory(). No
 * process maps a driver's file here, so the handlers are built, never
 * called; the remap calls refuse with -ENOSYS should anything call them.
 */
#ifndef MR_COMPAT_LINUX_MM_H
#define MR_COMPAT_LINUX_MM_H

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/types.h>

typedef struct {
	unsigned long pgprot;
} pgprot_t;

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	unsigned long vm_flags;
	unsigned long vm_pgoff;
	pgprot_t vm_page_prot;
	void *vm_private_data;
};

#define VM_READ		   0x00000001UL
#define VM_WRITE	   0x00000002UL
#define VM_EXEC		   0x00000004UL
#define VM_SHARED	   0x00000008UL
#define VM_MAYREAD	   0x00000010UL
#define VM_MAYWRITE	   0x00000020UL
#define VM_MAYEXEC	   0x00000040UL
#define VM_MAYSHARE	   0x00000080UL
#define VM_IO		   0x00004000UL
#define VM_DONTCOPY	   0x00020000UL
#define VM_DONTEXPAND	   0x00040000UL
#define VM_DONTDUMP	   0x04000000UL

#define PAGE_ALIGNED(addr) IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)
#define offset_in_page(p)  ((unsigned long)(p) & ~PAGE_MASK)

/* The memory type a user mapping would get: recorded in the bits, nothing more. */
#define MR__PGPROT_WC 0x1UL
#define MR__PGPROT_UC 0x2UL
static inline pgprot_t pgprot_writecombine(pgprot_t prot)
{
	prot.pgprot |= MR__PGPROT_WC;
	return prot;
}

static inline pgprot_t pgprot_noncached(pgprot_t prot)
{
	prot.pgprot |= MR__PGPROT_UC;
	return prot;
}

extern int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn,
			   unsigned long size, pgprot_t prot);
extern int vm_iomap_memory(struct vm_area_struct *vma, phys_addr_t start, unsigned long len);

static inline void vm_flags_set(struct vm_area_struct *vma, unsigned long flags)
{
	vma->vm_flags |= flags;
}

static inline void vm_flags_clear(struct vm_area_struct *vma, unsigned long flags)
{
	vma->vm_flags &= ~flags;
}

#endif /* MR_COMPAT_LINUX_MM_H */
