# SPDX-License-Identifier: GPL-2.0
# storproto: kernel module, libstorproto, storprotoctl, tests.
#
#   make                 module (against the running kernel's headers or
#                        KDIR=<headers dir>), library and tool
#   make module KDIR=..  the module only
#   make install         module, library, headers, pkg-config, tool, man pages
#                        (DESTDIR, PREFIX honoured)
#   make check           every test (host unit tests, guests on 6.1, 6.12 and
#                        the debug kernel, KUnit)
#   make demo            a tour in a guest
#
# Kernel headers: KDIR defaults to /lib/modules/$(uname -r)/build; when that
# does not exist (a build machine without the running kernel's headers), the
# newest /usr/src/linux-headers-*-amd64 is used, and said.

PREFIX ?= /usr/local
DESTDIR ?=
W ?=
KERNELRELEASE_HOST := $(shell uname -r)
ifeq ($(origin KDIR),undefined)
KDIR := $(wildcard /lib/modules/$(KERNELRELEASE_HOST)/build)
ifeq ($(KDIR),)
KDIR := $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64)))
KDIR_NOTE := no headers for the running kernel $(KERNELRELEASE_HOST); using $(KDIR)
endif
endif

SP_CONFIG := kernel/compat/generated/sp_config.h

.PHONY: all module lib tools unit check check-quick demo bench install install-module \
	install-lib install-tools clean clean-module help

all: module lib tools

module:
ifeq ($(KDIR),)
	@echo "storproto: no kernel headers found: install linux-headers-$(KERNELRELEASE_HOST) or pass KDIR=<dir>" >&2; exit 1
endif
ifneq ($(KDIR_NOTE),)
	@echo "storproto: $(KDIR_NOTE)" >&2
endif
	@kernel/compat/probe.sh $(KDIR) $(SP_CONFIG)
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=$(W) modules

lib:
	$(MAKE) -C lib

tools: lib
	$(MAKE) -C tools

unit: lib
	$(MAKE) -C tests/unit check

# Both install what they need first, so they work as the first command
# typed on a fresh Debian 12 machine.
check:
	tests/install-deps
	$(MAKE) lib tools
	tests/check

demo:
	tests/install-deps
	$(MAKE) lib tools
	tools/demo

# Not part of check (it takes about an hour): see tests/bench/run.
bench:
	tests/install-deps
	$(MAKE) lib tools
	tests/bench/run

install: install-module install-lib install-tools

install-module: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) modules_install

install-lib: lib
	$(MAKE) -C lib install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

install-tools: tools
	$(MAKE) -C tools install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

clean: clean-module
	-$(MAKE) -C lib clean
	-$(MAKE) -C tools clean
	-$(MAKE) -C tests/unit clean

clean-module:
	-[ -z "$(KDIR)" ] || $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -rf kernel/compat/generated

help:
	@sed -n '2,/^$$/p' Makefile | sed 's/^# \{0,1\}//'
