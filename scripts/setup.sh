#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks to build and test Provenance Chain.
# Idempotent: a second run checks and changes nothing.
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
APT_UPDATED=0
apt_install() {
	local missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	command -v apt-get >/dev/null || die "apt-get not found; install by hand: ${missing[*]}"
	if [ "$APT_UPDATED" -eq 0 ]; then
		log "apt-get update"
		$SUDO apt-get update -qq
		APT_UPDATED=1
	fi
	log "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# 1. Native build prerequisites.
apt_install build-essential pkg-config git clang libclang-dev protobuf-compiler ca-certificates curl
log "protoc: $(protoc --version)"

if ! command -v cargo >/dev/null; then
	die "cargo not found: install Rust with rustup (https://rustup.rs) and run this again"
fi
log "host toolchain: $(rustc --version)"

# 2. Node.js for the integration tests' client (@polkadot/api).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	apt_install nodejs npm
fi
log "node: $(node --version), npm: $(npm --version)"

# 3. A Wasm toolchain for the runtime.
mkdir -p "$PROVENANCE_CACHE"
write_wasm_env() {
	printf '%s\n' "# Written by scripts/setup.sh ($1). Sourced by scripts/env.sh." >"$PROVENANCE_WASM_ENV.tmp"
	shift
	for kv in "$@"; do printf 'export %s\n' "$kv" >>"$PROVENANCE_WASM_ENV.tmp"; done
	mv "$PROVENANCE_WASM_ENV.tmp" "$PROVENANCE_WASM_ENV"
}

rustup_has_wasm() {
	command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx wasm32v1-none
}

debian_route() {
	local name=provenance-wasm
	apt_install rustc-web cargo-web rust-web-src lld-22
	local rustc=/usr/bin/rustc cargo=/usr/bin/cargo
	local sysroot
	sysroot="$($rustc --print sysroot)"
	local libdir="$sysroot/lib/rustlib/wasm32v1-none/lib"
	local stamp="$libdir/.provenance-$($rustc --version | tr ' ()' '___')"
	if [ ! -f "$stamp" ]; then
		log "building core/alloc for wasm32v1-none with $($rustc --version) (once, about 30 s)"
		local work
		work="$(mktemp -d)"
		mkdir -p "$work/src"
		cat >"$work/Cargo.toml" <<'TOML'
[package]
name = "wasm-sysroot"
version = "0.0.0"
edition = "2021"
[lib]
crate-type = ["cdylib"]
[profile.release]
panic = "abort"
lto = true
TOML
		cat >"$work/src/lib.rs" <<'RS'
#![no_std]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
	loop {}
}
RS
		# The runtime is LTO-linked, so the sysroot must carry bitcode.
		(cd "$work" && env -u CARGO_TARGET_DIR RUSTC="$rustc" RUSTC_BOOTSTRAP=1 \
			RUSTFLAGS="-C embed-bitcode=yes -C target-cpu=mvp" \
			"$cargo" build --quiet --release --target wasm32v1-none \
			-Zbuild-std=core,alloc -Zbuild-std-features=compiler-builtins-mem)
		$SUDO mkdir -p "$libdir"
		$SUDO rm -f "$libdir"/lib*.rlib
		local lib
		for lib in core alloc compiler_builtins; do
			# shellcheck disable=SC2086
			set -- "$work"/target/wasm32v1-none/release/deps/lib${lib}-*.rlib
			[ -f "$1" ] || die "build-std did not produce lib${lib}"
			$SUDO cp "$1" "$libdir/"
		done
		rm -rf "$work"
		$SUDO touch "$stamp"
	fi
	local lld="$sysroot/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
	if [ ! -e "$lld" ]; then
		$SUDO mkdir -p "$(dirname "$lld")"
		$SUDO ln -sf /usr/lib/llvm-22/bin/lld "$lld"
	fi
	# rustup's `cargo +name` selects this toolchain for substrate-wasm-builder.
	if ! rustup toolchain list | grep -q "^$name"; then
		rustup toolchain link "$name" "$(dirname "$(dirname "$rustc")")"
	fi
	write_wasm_env "Debian rustc-web route" "PROVENANCE_WASM_ROUTE_USED=debian" \
		"WASM_BUILD_TOOLCHAIN=$name" \
		"WASM_BUILD_RUSTFLAGS='-C link-arg=--allow-undefined'"
	log "Wasm: Debian $($rustc --version) with a wasm32v1-none sysroot, toolchain '$name'"
}

rustup_route() {
	write_wasm_env "rustup wasm32v1-none" "PROVENANCE_WASM_ROUTE_USED=rustup"
	log "Wasm: the active toolchain's wasm32v1-none target ($(rustc --version))"
}

# PROVENANCE_WASM_ROUTE=debian|rustup forces a route. Otherwise a route recorded by an
# earlier run is kept while it still works, so that the runtime is not rebuilt for nothing.
route="${PROVENANCE_WASM_ROUTE:-auto}"
if [ "$route" = auto ] && [ "${PROVENANCE_WASM_ROUTE_USED:-}" = debian ]; then
	route=debian
fi
case "$route" in
debian) debian_route ;;
rustup)
	rustup_has_wasm || rustup target add wasm32v1-none || die "rustup cannot add wasm32v1-none"
	rustup_route
	;;
auto)
	if rustup_has_wasm; then
		rustup_route
	elif command -v rustup >/dev/null && timeout 120 rustup target add wasm32v1-none >/dev/null 2>&1; then
		rustup_route
	else
		log "rustup cannot add wasm32v1-none here: using the Debian toolchain route"
		debian_route
	fi
	;;
*) die "PROVENANCE_WASM_ROUTE must be debian, rustup or auto (got '$route')" ;;
esac

# 4. JavaScript packages, pinned by their package-lock.json: the end-to-end tests' client
# (@polkadot/api) and zombienet.
for dir in tests zombienet; do
	lock="$PROVENANCE_ROOT/$dir/package-lock.json"
	[ -f "$lock" ] || continue
	if [ ! -d "$PROVENANCE_ROOT/$dir/node_modules" ] ||
		[ "$lock" -nt "$PROVENANCE_ROOT/$dir/node_modules/.package-lock.json" ]; then
		log "npm ci ($dir/)"
		# playwright-core (tests/) downloads no browser; this says so to any package that would.
		(cd "$PROVENANCE_ROOT/$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
	fi
done

# 5. Python with the W3C PROV library, pinned in tests/requirements.txt: the end-to-end tests
# check the node's PROV-JSON export with a reader the project did not write.
apt_install python3 python3-venv
req="$PROVENANCE_ROOT/tests/requirements.txt"
if [ ! -x "$PROVENANCE_PYTHON" ] || [ "$req" -nt "$PROVENANCE_CACHE/venv/.installed" ]; then
	log "python venv with $(grep -v '^#' "$req" | tr '\n' ' ')at $PROVENANCE_CACHE/venv"
	python3 -m venv "$PROVENANCE_CACHE/venv"
	"$PROVENANCE_PYTHON" -m pip install --quiet --disable-pip-version-check -r "$req"
	touch "$PROVENANCE_CACHE/venv/.installed"
fi

# 6. Debian's Chromium and a font for its pages' text: the explorer's browser tests
# (tests/e2e/explorer.test.mjs) drive it headless with playwright-core, which never downloads
# a browser of its own. PROVENANCE_CHROMIUM points them at another binary.
apt_install chromium fonts-dejavu-core
log "chromium: $(dpkg-query -W -f='${Version}' chromium)"

log "setup done; build environment in $PROVENANCE_WASM_ENV, target dir $CARGO_TARGET_DIR"
