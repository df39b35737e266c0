# SPDX-License-Identifier: MIT
"""memremap.Device: device-managed mappings (devm_memremap, unbind)."""
import errno
import gc

import pytest

import memremap
from conftest import PCI_BAR, PCI_DEV, RAM


def test_devm_lifetime(sim):
    with memremap.Device("card0") as dev:
        assert dev.name == "card0" and dev.resources == 0
        a = dev.map(PCI_DEV, 0x1000, memremap.DEV)
        b = dev.map(PCI_BAR, 0x2000, memremap.WC)
        assert dev.resources == 2
        assert a.device is dev and a.machine is sim
        assert a.info().device == "card0"
        assert {i.device for i in sim.mappings()} == {"card0"}
        a.write32(0, 1)
        # Closing one releases its record only (devm_memunmap).
        a.close()
        assert dev.resources == 1 and a.device is None
        # Unbinding closes the mappings it released.
        assert dev.unbind() == 1
        assert b.closed and dev.resources == 0
        with pytest.raises(ValueError, match="mapping is closed"):
            b.read32(0)
        assert sim.mappings() == []
        # A device may hold new mappings after unbind.
        c = dev.map(PCI_DEV, 0x100, memremap.DEV)
        assert dev.resources == 1
    assert dev.closed and c.closed
    assert repr(dev) == "<memremap.Device closed>"
    with pytest.raises(ValueError, match="device is closed"):
        dev.map(PCI_DEV, 0x100, memremap.DEV)


def test_devm_failure_is_an_error(sim):
    with memremap.Device("ramhog") as dev:
        with pytest.raises(memremap.Error) as e:
            dev.map(RAM, 0x1000, memremap.DEV)
        # The reason, not only devm_memremap's ENXIO.
        assert e.value.errno == errno.EPERM
        assert "ramhog" in e.value.strerror
        assert dev.resources == 0


def test_unbind_refuses_while_exported(sim):
    dev = memremap.Device("fb")
    m = dev.map(PCI_BAR, 0x1000, memremap.WC)
    v = memoryview(m)
    with pytest.raises(BufferError):
        dev.unbind()
    with pytest.raises(BufferError):
        dev.close()
    assert not m.closed and dev.resources == 1
    v[0] = 9
    v.release()
    dev.close()
    assert m.closed


def test_device_on_another_machine(sim):
    other = memremap.Machine("sim")
    dev = memremap.Device("elsewhere")
    m = dev.map(PCI_DEV, 0x100, memremap.DEV, machine=other)
    assert m.machine is other
    assert len(other.mappings()) == 1 and sim.mappings() == []
    # Still the current machine afterwards.
    assert memremap.current() is sim
    other.close()
    assert not m.closed  # the device's mapping holds the machine open
    dev.close()
    assert m.closed


def test_mapping_holds_device(sim):
    dev = memremap.Device("held")
    m = dev.map(PCI_DEV, 0x100, memremap.DEV)
    del dev
    gc.collect()
    assert m.device.name == "held" and m.device.resources == 1
    m.close()


def test_bad_names():
    with pytest.raises(memremap.Error) as e:
        memremap.Device("")
    assert e.value.errno == errno.EINVAL
    with pytest.raises(memremap.Error):
        memremap.Device("x" * 300)
    with pytest.raises(TypeError):
        memremap.Device(None)
