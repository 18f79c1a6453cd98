# cairn — see README.md.  `make`, `make test`, `make demo`, `make install`,
# `make fuzz`, `make regress`.
PREFIX ?= /usr/local
BUILD ?= build
CC ?= cc
PKGS = md4c yaml-0.1 libgit2
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
# Names this build of the sources: caches written by another build are ignored.
BUILD_ID := $(shell cat generator/*.c generator/*.h generator/util/*.c generator/util/*.h | cksum | cut -d' ' -f1)

# Install missing Debian packages first when pkg-config cannot find them.
DEPS_OK := $(shell pkg-config --exists $(PKGS) 2>/dev/null && echo yes)

CFLAGS ?= -O2 -g
override CFLAGS += -std=c17 -Wall -Wextra -Werror -D_GNU_SOURCE -pthread \
	-DCAIRN_VERSION='"$(VERSION)"' -DCAIRN_BUILD_ID='"$(BUILD_ID)"'
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LDLIBS += $(PKG_LIBS) -lm -pthread
# the cores, for the builds `make test` starts itself
NPROC := $(shell nproc 2>/dev/null || echo 2)

# generator/util/: what knows nothing of a portal (buffers, arenas, UTF-8,
# paths, values, ASCII, hashing); included as "buf.h" like the rest
SRCS := $(filter-out generator/main.c,$(wildcard generator/*.c))
UTIL_SRCS := $(wildcard generator/util/*.c)
HDRS := $(wildcard generator/*.h generator/util/*.h)
INCLUDES = -iquote generator -iquote generator/util
OBJS := $(SRCS:generator/%.c=$(BUILD)/obj/%.o) \
	$(UTIL_SRCS:generator/util/%.c=$(BUILD)/obj/util/%.o) $(BUILD)/obj/theme_data.o \
	$(BUILD)/obj/templates_data.o
THEME_FILES := $(shell find themes/default -type f 2>/dev/null | LC_ALL=C sort)
TEMPLATE_FILES := $(shell find templates -type f 2>/dev/null | LC_ALL=C sort)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test demo bench install clean format format-check fuzz \
	fuzz-build regress regress-update
ifeq ($(DEPS_OK)$(DEPS_TRIED),)
# Install the packages, then run make again so pkg-config is read afresh.
all:
	@sh scripts/install-deps.sh
	@$(MAKE) --no-print-directory DEPS_TRIED=1 all
else
all: $(BUILD)/cairn
endif

deps:
	@sh scripts/install-deps.sh

$(BUILD)/obj/%.o: generator/%.c $(HDRS) | $(BUILD)/obj
	$(CC) $(CFLAGS) $(PKG_CFLAGS) $(INCLUDES) -c -o $@ $<

$(BUILD)/obj/util/%.o: generator/util/%.c $(HDRS) | $(BUILD)/obj
	@mkdir -p $(BUILD)/obj/util
	$(CC) $(CFLAGS) $(PKG_CFLAGS) $(INCLUDES) -c -o $@ $<

# these embed BUILD_ID, which changes with any source
$(BUILD)/obj/cache.o $(BUILD)/obj/site.o: $(wildcard generator/*.c generator/util/*.c)

$(BUILD)/embed: scripts/embed.c | $(BUILD)/obj
	$(CC) -O1 -std=c17 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/theme_data.c: $(BUILD)/embed $(THEME_FILES)
	$(BUILD)/embed themes/default $(THEME_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/theme_data.o: $(BUILD)/theme_data.c
	$(CC) $(CFLAGS) $(INCLUDES) -c -o $@ $<

# the scaffolds of `cairn new`
$(BUILD)/templates_data.c: $(BUILD)/embed $(TEMPLATE_FILES)
	$(BUILD)/embed -n scaffold_builtin_templates templates $(TEMPLATE_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/templates_data.o: $(BUILD)/templates_data.c
	$(CC) $(CFLAGS) $(INCLUDES) -c -o $@ $<

$(BUILD)/libcairn.a: $(OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/cairn: $(BUILD)/obj/main.o $(BUILD)/libcairn.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h $(BUILD)/libcairn.a | $(BUILD)/tests
	$(CC) $(CFLAGS) $(PKG_CFLAGS) $(INCLUDES) -iquote tests/unit -o $@ $< $(BUILD)/libcairn.a $(LDLIBS)

# replays tests/fuzz-regressions/ through the fuzz targets' functions
$(BUILD)/tests/test_fuzz_regressions: tests/unit/test_fuzz_regressions.c \
		fuzz/targets.c fuzz/targets.h tests/unit/harness.h $(BUILD)/libcairn.a | $(BUILD)/tests
	$(CC) $(CFLAGS) $(PKG_CFLAGS) $(INCLUDES) -iquote tests/unit -iquote fuzz \
		-o $@ tests/unit/test_fuzz_regressions.c fuzz/targets.c $(BUILD)/libcairn.a $(LDLIBS)

$(BUILD)/obj $(BUILD)/tests:
	@mkdir -p $@

test:
	@sh scripts/install-deps.sh --test
	@$(MAKE) -s -j$(NPROC) all $(UNIT_BINS)
	@sh tests/all.sh $(BUILD)

# the golden whole-site tests (tests/regress.sh): compare the demo's and the
# hostile organisation's sites, diagnostics and models with tests/golden/,
# or write them again (after a change that is meant)
regress:
	@sh scripts/install-deps.sh
	@$(MAKE) -s all
	@sh tests/regress.sh $(BUILD)

regress-update:
	@sh scripts/install-deps.sh
	@$(MAKE) -s all
	@sh tests/regress.sh --update $(BUILD)

demo:
	@sh scripts/install-deps.sh
	@$(MAKE) -s all
	@sh scripts/demo.sh $(BUILD)

# a benchmark that prints figures and ratios (docs/benchmark.md); not a test
bench:
	@sh scripts/install-deps.sh
	@$(MAKE) -s all
	@sh bench/run.sh $(BUILD)

# libFuzzer targets (fuzz/, docs/security.md): clang, the library built
# again in $(BUILD)/fuzz/lib with the sanitizers, each target run for
# FUZZ_TIME seconds; non-zero when one finds something
FUZZ_TIME ?= 60
FUZZ_CC ?= clang
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = -O1 -g -fno-omit-frame-pointer -Wno-unknown-warning-option $(FUZZ_SAN)
FUZZ_TARGETS := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)

fuzz:
	@sh scripts/install-deps.sh --fuzz
	@$(MAKE) -s BUILD=$(BUILD)/fuzz/lib CC=$(FUZZ_CC) \
		CFLAGS="$(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link" $(BUILD)/fuzz/lib/libcairn.a
	@$(MAKE) -s fuzz-build
	@sh fuzz/run.sh $(BUILD)/fuzz $(FUZZ_TIME) $(FUZZ_TARGETS)

fuzz-build: $(FUZZ_BINS)

$(BUILD)/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/targets.c fuzz/targets.h $(BUILD)/fuzz/lib/libcairn.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -std=c17 -Wall -Wextra -Werror \
		-D_GNU_SOURCE $(PKG_CFLAGS) $(INCLUDES) -iquote fuzz -o $@ \
		$< fuzz/targets.c $(BUILD)/fuzz/lib/libcairn.a $(LDLIBS)

install: $(BUILD)/cairn
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BUILD)/cairn $(DESTDIR)$(PREFIX)/bin/cairn

# one mechanical style (.clang-format): `make format` applies it,
# `make format-check` (run by `make test`) lists the files it would change
FORMAT_FILES = $(wildcard generator/*.[ch] generator/util/*.[ch] tests/unit/*.[ch] \
	fuzz/*.[ch] bench/*.c scripts/*.c)

format:
	@sh scripts/install-deps.sh --test
	clang-format -i $(FORMAT_FILES)

format-check:
	@sh scripts/install-deps.sh --test
	@sh scripts/format-check.sh $(FORMAT_FILES)

clean:
	rm -rf $(BUILD)

# the "rebuild equals fresh build" property over a long random sequence
# (tests/property/rebuild.sh); `make test` runs a short one
PROPERTY_STEPS ?= 300
PROPERTY_SEED ?= 1
.PHONY: property
property:
	@$(MAKE) -s all
	@PROPERTY_STEPS=$(PROPERTY_STEPS) PROPERTY_SEED=$(PROPERTY_SEED) \
		CAIRN=$(abspath $(BUILD))/cairn sh tests/property/rebuild.sh
