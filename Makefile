# The portal's build. `make` builds the library, the FastCGI programs and
# portalctl; `make check` builds and runs every test; `make demo` runs the
# portals with a demo hospital on 127.0.0.1:8080. Both install the Debian
# packages they need first (mk/deps).

PREFIX	?= /usr/local
SYSCONFDIR ?= /etc
DESTDIR	?=
LIBDIR	 = $(PREFIX)/lib/portal
SHAREDIR = $(PREFIX)/share/portal
MANDIR	 = $(PREFIX)/share/man
ETCDIR	 = $(SYSCONFDIR)/portal

CC	?= cc
PKGS	 = sqlite3 libpq openssl libxml-2.0 libcmark libqrencode
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lfcgi
# What libportal.so and the programs link: everything but libxml2, which
# only the C-CDA reader needs (lib/libportal-cda.so, for portalctl). A
# FastCGI worker so never maps libxml2, ICU or libstdc++ (issue 9.6).
CORE_LIBS  := $(shell pkg-config --libs sqlite3 openssl libcmark libqrencode 2>/dev/null) -lfcgi
# The PostgreSQL engine (lib/store/db_pg.c) is its own library too,
# lib/libportal-pg.so, loaded by db_open only for a postgresql:// database:
# libpq and the Kerberos, LDAP and GnuTLS libraries behind it cost every
# worker 3.8 MB resident, and an SQLite installation never needs them.
PG_LIBS    := $(shell pkg-config --libs libpq 2>/dev/null)
XML_LIBS   := $(shell pkg-config --libs libxml-2.0 2>/dev/null)

WARN	 = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
STD	 = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
HARDEN	 = -O2 -fstack-protector-strong -D_FORTIFY_SOURCE=2
CFLAGS	?= $(HARDEN) -g
# lib/ is one folder per layer (ARCHITECTURE.md); each is on the include
# path, so a file includes "arena.h" wherever it lives.
LIB_DIRS = $(sort $(dir $(wildcard lib/*/*.h)))
LIB_INC	 = $(patsubst %/,-I%,$(LIB_DIRS))
LIB_HDR	 = $(wildcard lib/*/*.h)
ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) $(PKG_CFLAGS) $(LIB_INC)
RELRO	 = -Wl,-z,relro,-z,now
# Programs find libportal.so beside them in the tree and when installed.
RPATH	 = -Wl,-rpath,'$$ORIGIN/../lib:$$ORIGIN/..:$$ORIGIN/../lib/portal'

LIB_SRC	 = $(sort $(wildcard lib/*/*.c))
# The C-CDA reader (libxml2): its own library, beside libportal.so.
CDA_SRC	 = $(filter-out lib/cda/cda_export.c,$(wildcard lib/cda/*.c))
PG_SRC	 = lib/store/db_pg.c
CORE_SRC = $(filter-out $(CDA_SRC) $(PG_SRC),$(LIB_SRC))
LIB_OBJ	 = $(CORE_SRC:lib/%.c=build/lib/%.o)
CDA_OBJ	 = $(CDA_SRC:lib/%.c=build/lib/%.o)
PG_OBJ	 = $(PG_SRC:lib/%.c=build/lib/%.o)
# portalctl's own modules (demo hospital, holidays): not in libportal.so.
CTL_SRC	 = $(sort $(wildcard bin/ctl/*.c))
CTL_MOD	 = $(filter-out bin/ctl/portalctl.c,$(CTL_SRC))
CGI_SRC	 = $(sort $(wildcard cgi-bin/*.c))
CGI_BIN	 = $(CGI_SRC:.c=)
BIN_SRC	 = $(sort $(wildcard bin/*.c))
BIN_BIN	 = $(BIN_SRC:.c=) bin/portalctl
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=build/unit/%)
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)

all: lib/libportal.so lib/libportal-cda.so lib/libportal-pg.so $(CGI_BIN) $(BIN_BIN)

build/lib/%.o: lib/%.c $(LIB_HDR)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -fPIC -c -o $@ $<

lib/libportal.so: $(LIB_OBJ)
	@echo "  CC      $@"
	@$(CC) -shared $(RELRO) -o $@ $(LIB_OBJ) $(CORE_LIBS)

lib/libportal-cda.so: $(CDA_OBJ) lib/libportal.so
	@echo "  CC      $@"
	@$(CC) -shared $(RELRO) -Wl,-rpath,'$$ORIGIN' -o $@ $(CDA_OBJ) -Llib -lportal $(XML_LIBS) $(CORE_LIBS)

lib/libportal-pg.so: $(PG_OBJ) lib/libportal.so
	@echo "  CC      $@"
	@$(CC) -shared $(RELRO) -Wl,-rpath,'$$ORIGIN' -o $@ $(PG_OBJ) -Llib -lportal $(PG_LIBS) $(CORE_LIBS)

cgi-bin/%: cgi-bin/%.c lib/libportal.so $(LIB_HDR)
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -fPIE -pie $(RELRO) $(RPATH) -o $@ $< -Llib -lportal $(CORE_LIBS)

# The statement's PDF (cairo's PDF surface): billing alone uses cairo,
# opened at its first PDF (cgi-bin/pdf/billpdf.c says why), not linked.
CAIRO_CFLAGS := $(shell pkg-config --cflags cairo 2>/dev/null)
PDF_SRC	 = cgi-bin/pdf/billpdf.c
cgi-bin/billing: cgi-bin/billing.c $(PDF_SRC) cgi-bin/pdf/billpdf.h lib/libportal.so $(LIB_HDR)
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) $(CAIRO_CFLAGS) -Icgi-bin/pdf -fPIE -pie $(RELRO) $(RPATH) -o $@ cgi-bin/billing.c $(PDF_SRC) -Llib -lportal $(CORE_LIBS)

bin/portalctl: $(CTL_SRC) bin/ctl/*.h lib/libportal.so lib/libportal-cda.so $(LIB_HDR)
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -Ibin/ctl -fPIE -pie $(RELRO) $(RPATH) -o $@ $(CTL_SRC) -Llib -lportal-cda -lportal $(XML_LIBS) $(CORE_LIBS)

bin/%: bin/%.c lib/libportal.so $(LIB_HDR)
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -fPIE -pie $(RELRO) $(RPATH) -o $@ $< -Llib -lportal $(CORE_LIBS)

# The bench's data generator: a test tool, outside libportal.so.
BENCH_SRC = $(sort $(wildcard tests/bench/*.c))
build/bench/bench-data: $(filter-out tests/bench/ceiling.c,$(BENCH_SRC)) tests/bench/*.h lib/libportal.so $(LIB_HDR)
	@mkdir -p build/bench
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -Itests/bench -fPIE -pie $(RELRO) -Wl,-rpath,'$$ORIGIN/../../lib' -o $@ $(filter %.c,$^) -Llib -lportal $(CORE_LIBS)

# Unit tests and test tools: each is linked with the library's objects
# built under ASan and UBSan, so a leak or an overflow fails the test.
SAN	 = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ASAN_OBJ = $(LIB_SRC:lib/%.c=build/asan/%.o)
# The ASan programs take the core and the PostgreSQL engine (linked in,
# not loaded: db.c uses it when it is there), not the C-CDA reader.
ASAN_CORE = $(patsubst lib/%.c,build/asan/%.o,$(filter-out $(CDA_SRC),$(LIB_SRC)))
ASAN_CTL = $(CTL_MOD:bin/ctl/%.c=build/asan/ctl/%.o)
SAN_CC	 = $(CC) $(STD) $(WARN) -O1 -g $(SAN) $(PKG_CFLAGS) $(LIB_INC)
build/asan/ctl/%.o: bin/ctl/%.c bin/ctl/*.h $(LIB_HDR)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(SAN_CC) -Ibin/ctl -c -o $@ $<

build/asan/%.o: lib/%.c $(LIB_HDR)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(SAN_CC) -c -o $@ $<

# Unit tests also reach portalctl's modules (the holiday command).
build/unit/%: tests/unit/%.c $(ASAN_OBJ) $(ASAN_CTL) tests/unit/t.h
	@mkdir -p build/unit
	@echo "  CC      $@"
	@$(SAN_CC) -Ibin/ctl -o $@ $< $(ASAN_OBJ) $(ASAN_CTL) $(PKG_LIBS)

# The application layer's tests (tests/app/): C, no web server, a
# scratch portal each (they run bin/portalctl init).
APP_SRC	 = $(sort $(wildcard tests/app/test_*.c))
APP_BIN	 = $(APP_SRC:tests/app/%.c=build/app/%)
build/app/%: tests/app/%.c tests/app/app_test.h $(ASAN_OBJ) $(ASAN_CTL) tests/unit/t.h
	@mkdir -p build/app
	@echo "  CC      $@"
	@$(SAN_CC) -Ibin/ctl -o $@ $< $(ASAN_OBJ) $(ASAN_CTL) $(PKG_LIBS)

# The FastCGI programs again, under ASan and UBSan, for the HTTP tests
# that run the portal with them (harness.Instance(asan=True)).
ASAN_CGI = $(CGI_SRC:cgi-bin/%.c=build/asan-cgi/%)
build/asan-cgi/%: cgi-bin/%.c $(ASAN_CORE)
	@mkdir -p build/asan-cgi
	@echo "  CC      $@"
	@$(SAN_CC) -o $@ $< $(ASAN_CORE) $(PG_LIBS) $(CORE_LIBS)

build/asan-cgi/billing: cgi-bin/billing.c $(PDF_SRC) cgi-bin/pdf/billpdf.h $(ASAN_CORE)
	@mkdir -p build/asan-cgi
	@echo "  CC      $@"
	@$(SAN_CC) $(CAIRO_CFLAGS) -Icgi-bin/pdf -o $@ cgi-bin/billing.c $(PDF_SRC) $(ASAN_CORE) $(PG_LIBS) $(CORE_LIBS)

TOOL_SRC = $(sort $(wildcard tests/tools/*.c))
TOOL_BIN = $(TOOL_SRC:tests/tools/%.c=build/tools/%)
build/tools/%: tests/tools/%.c $(ASAN_OBJ)
	@mkdir -p build/tools
	@echo "  CC      $@"
	@$(SAN_CC) -o $@ $< $(ASAN_OBJ) $(PKG_LIBS)

# Fuzz harnesses: libFuzzer under clang, with ASan and UBSan.
FUZZ_OBJ = $(LIB_SRC:lib/%.c=build/fuzzlib/%.o)
build/fuzzlib/%.o: lib/%.c $(LIB_HDR)
	@mkdir -p $(dir $@)
	@echo "  CLANG   $@"
	@clang $(STD) -Wall -Wextra -O1 -g -fsanitize=fuzzer-no-link,address,undefined $(PKG_CFLAGS) $(LIB_INC) -c -o $@ $<

build/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p build/fuzz
	@echo "  CLANG   $@"
	@clang $(STD) -Wall -Wextra -O1 -g -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) $(LIB_INC) -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS)

deps:
	@sh mk/deps build

# The architecture's rules (ARCHITECTURE.md): SQL, engine calls, the clock,
# libfcgi and trusted HTML each in their home; layers include downwards.
lint:
	@python3 mk/lint

unit: $(UNIT_BIN)
	@sh mk/run-unit $(UNIT_BIN)

fuzz: $(FUZZ_BIN)
	@sh mk/run-fuzz $${FUZZ_SECONDS:-60} $(FUZZ_BIN)

check:
	@sh mk/deps check
	@$(MAKE) -j2 --no-print-directory all build/bench/bench-data $(UNIT_BIN) $(APP_BIN) $(TOOL_BIN) $(ASAN_CGI) $(FUZZ_BIN)
	@sh mk/check

# make demo ENGINE=postgresql: the same on a PostgreSQL cluster of its own.
demo:
	@sh mk/deps demo
	@$(MAKE) --no-print-directory all
	@ENGINE="$(ENGINE)" sh mk/demo

# A benchmark with figures, against the same machine's ceiling: see mk/bench.
# make bench ENGINE=postgresql: the same on PostgreSQL.
bench:
	@sh mk/deps check
	@$(MAKE) -j2 --no-print-directory all build/bench/bench-data
	@sh mk/bench $(if $(ENGINE),--engine $(ENGINE))

# make install [PREFIX=/usr/local] [SYSCONFDIR=/etc] [DESTDIR=...]: what
# lands where is INSTALL section 2. Never root-only: a DESTDIR install runs
# as anyone. ETCDIR/portal.conf is written only when there is none (the
# example with the installed paths filled in), and ETCDIR/htdocs, the
# hospital's overrides, is made when absent and never written into.
MAN_PAGES = $(wildcard man/*.5 man/*.8)
CONF_PATHS = -e 's|^\(templates[[:space:]]*=\).*|\1 $(SHAREDIR)/templates|' \
	     -e 's|^\(sql[[:space:]]*=\).*|\1 $(SHAREDIR)/sql|' \
	     -e 's|^\(common_passwords[[:space:]]*=\).*|\1 $(SHAREDIR)/common-passwords.txt|'
install: all
	install -d $(DESTDIR)$(LIBDIR)/cgi-bin $(DESTDIR)$(PREFIX)/bin \
	    $(DESTDIR)$(SHAREDIR)/templates $(DESTDIR)$(SHAREDIR)/htdocs \
	    $(DESTDIR)$(SHAREDIR)/sql $(DESTDIR)$(SHAREDIR)/conf
	@# The hospital's folder keeps its mode (install -d would reset an
	@# existing one to 0755).
	test -d $(DESTDIR)$(ETCDIR) || install -d $(DESTDIR)$(ETCDIR)
	install -m 0755 lib/libportal.so lib/libportal-cda.so lib/libportal-pg.so $(DESTDIR)$(LIBDIR)/
	install -m 0755 $(CGI_BIN) $(DESTDIR)$(LIBDIR)/cgi-bin/
	install -m 0755 $(BIN_BIN) $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 templates/*.html $(DESTDIR)$(SHAREDIR)/templates/
	cp -R htdocs/. $(DESTDIR)$(SHAREDIR)/htdocs/
	install -m 0644 sql/*.sql $(DESTDIR)$(SHAREDIR)/sql/
	install -m 0644 share/common-passwords.txt $(DESTDIR)$(SHAREDIR)/
	cp -R conf/. $(DESTDIR)$(SHAREDIR)/conf/
	@# cp keeps the source's modes less the umask: a hardened root's 027
	@# would leave htdocs unreadable to the web server.
	chmod -R u=rwX,go=rX $(DESTDIR)$(SHAREDIR)/htdocs $(DESTDIR)$(SHAREDIR)/conf
	@set -e; for m in $(MAN_PAGES); do \
		d=$(DESTDIR)$(MANDIR)/man$${m##*.}; \
		echo "install -m 0644 $$m $$d/"; \
		install -d $$d; install -m 0644 $$m $$d/; \
	done
	test -d $(DESTDIR)$(ETCDIR)/htdocs || install -d -m 0755 $(DESTDIR)$(ETCDIR)/htdocs
	test -e $(DESTDIR)$(ETCDIR)/portal.conf || { \
	    sed $(CONF_PATHS) conf/portal.conf.example > $(DESTDIR)$(ETCDIR)/.portal.conf.new && \
	    chmod 0640 $(DESTDIR)$(ETCDIR)/.portal.conf.new && \
	    mv $(DESTDIR)$(ETCDIR)/.portal.conf.new $(DESTDIR)$(ETCDIR)/portal.conf; }

# make uninstall (the same PREFIX, SYSCONFDIR, DESTDIR): removes what
# `make install` put under PREFIX, and keeps SYSCONFDIR/portal (the
# hospital's portal.conf and overrides) and the database.
uninstall:
	rm -f $(addprefix $(DESTDIR)$(LIBDIR)/,$(CGI_BIN)) \
	    $(addprefix $(DESTDIR)$(PREFIX)/,$(BIN_BIN)) \
	    $(DESTDIR)$(LIBDIR)/libportal.so $(DESTDIR)$(LIBDIR)/libportal-cda.so \
	    $(DESTDIR)$(LIBDIR)/libportal-pg.so
	rm -f $(foreach m,$(MAN_PAGES),$(DESTDIR)$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(notdir $(m)))
	rm -rf $(DESTDIR)$(SHAREDIR)
	-rmdir $(DESTDIR)$(LIBDIR)/cgi-bin $(DESTDIR)$(LIBDIR)

clean:
	rm -rf build lib/libportal.so lib/libportal-cda.so lib/libportal-pg.so $(CGI_BIN) $(BIN_BIN) var/test

# The sanitizer objects are kept between builds (not intermediate files).
.SECONDARY: $(ASAN_OBJ) $(ASAN_CTL) $(FUZZ_OBJ)

.PHONY: all deps lint unit fuzz check demo install uninstall clean bench
