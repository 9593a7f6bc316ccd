//! Calls built from the runtime's own type information: a random walk of `RuntimeCall`'s
//! scale-info type that writes a mostly well-formed encoding, then decodes it. Every call of
//! every pallet is reachable this way, with arguments no structured generator thought of.

use codec::{Compact, Encode};
use provenance_runtime::RuntimeCall;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use scale_info::{form::PortableForm, PortableRegistry, TypeDef, TypeDefPrimitive};

use crate::calls::Gen;

/// The most bytes one typed call may take before every further value is the smallest one.
const BUDGET: usize = 4096;
/// Nested `RuntimeCall`s (batches of batches) deeper than this are plain remarks.
const MAX_CALL_DEPTH: u32 = 3;

/// `RuntimeCall`'s type registry, and the names of every call in it.
pub struct Typed {
	registry: PortableRegistry,
	call_type: u32,
	/// `(pallet, call)` names of every call the runtime has, for coverage.
	pub all_calls: Vec<(String, String)>,
	/// For each pallet variant of `RuntimeCall`: its index and its `Call` type.
	pallets: Vec<(u8, u32)>,
}

impl Typed {
	pub fn new() -> Self {
		let mut registry = scale_info::Registry::new();
		let call_type = registry.register_type(&scale_info::meta_type::<RuntimeCall>()).id;
		let registry = PortableRegistry::from(registry);
		let mut all_calls = Vec::new();
		let mut pallets = Vec::new();
		if let Some(TypeDef::Variant(v)) = registry.resolve(call_type).map(|t| &t.type_def) {
			for pallet in &v.variants {
				let Some(field) = pallet.fields.first() else { continue };
				pallets.push((pallet.index, field.ty.id));
				if let Some(TypeDef::Variant(calls)) =
					registry.resolve(field.ty.id).map(|t| &t.type_def)
				{
					for call in &calls.variants {
						all_calls.push((pallet.name.clone(), call.name.clone()));
					}
				}
			}
		}
		Self { registry, call_type, all_calls, pallets }
	}

	/// A random call of any pallet, encoded from the type walk and decoded; `None` if the
	/// encoding did not decode (a value the type allows but the decoder refuses).
	pub fn call(&self, gen: &mut Gen, depth: u32) -> Option<RuntimeCall> {
		let mut out = Vec::new();
		// The outermost call is always walked; nested ones may come from `gen`.
		let mut walk = Walk { typed: self, gen, out: &mut out, depth: depth + 1 };
		walk.value_inner(self.call_type);
		decode_call(&out, true)
	}

	/// Random bytes behind a real pallet index (mostly), as SRLabs' fuzzer decodes them.
	pub fn raw_bytes(&self, rng: &mut ChaCha8Rng) -> Vec<u8> {
		let len = match rng.gen_range(0..10) {
			0..=5 => rng.gen_range(0..16),
			6..=8 => rng.gen_range(16..128),
			_ => rng.gen_range(128..1024),
		};
		let mut bytes: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
		if rng.gen_bool(0.7) && !self.pallets.is_empty() {
			let (index, _) = self.pallets[rng.gen_range(0..self.pallets.len())];
			bytes.insert(0, index);
		}
		bytes
	}
}

impl Default for Typed {
	fn default() -> Self {
		Self::new()
	}
}

/// Decodes a call with the depth limit extrinsics get; `all`: every byte must be used.
pub fn decode_call(bytes: &[u8], all: bool) -> Option<RuntimeCall> {
	use codec::DecodeLimit;
	let depth = frame_support::MAX_EXTRINSIC_DEPTH;
	if all {
		RuntimeCall::decode_all_with_depth_limit(depth, &mut &bytes[..]).ok()
	} else {
		RuntimeCall::decode_with_depth_limit(depth, &mut &bytes[..]).ok()
	}
}

struct Walk<'a, 'g, 'w> {
	typed: &'a Typed,
	gen: &'g mut Gen<'w>,
	out: &'a mut Vec<u8>,
	/// How many `RuntimeCall`s enclose the value being written, the outermost included.
	depth: u32,
}

impl Walk<'_, '_, '_> {
	fn spent(&self) -> bool {
		self.out.len() >= BUDGET
	}

	fn value(&mut self, id: u32) {
		let typed = self.typed;
		let Some(ty) = typed.registry.resolve(id) else { return };
		let name = ty.path.segments.last().map(String::as_str).unwrap_or_default();
		if self.special(id, name) {
			return;
		}
		match &ty.type_def {
			TypeDef::Composite(c) => {
				for f in &c.fields {
					self.value(f.ty.id);
				}
			},
			TypeDef::Variant(v) => self.variant(v),
			TypeDef::Sequence(s) => {
				let len = self.length();
				Compact(len).encode_to(self.out);
				if self.is_u8(s.type_param.id) {
					let bytes: Vec<u8> = (0..len).map(|_| self.gen.rng.gen()).collect();
					self.out.extend(bytes);
				} else {
					for _ in 0..len {
						self.value(s.type_param.id);
					}
				}
			},
			TypeDef::Array(a) => {
				if self.is_u8(a.type_param.id) {
					let bytes: Vec<u8> = (0..a.len).map(|_| self.gen.rng.gen()).collect();
					self.out.extend(bytes);
				} else {
					for _ in 0..a.len {
						self.value(a.type_param.id);
					}
				}
			},
			TypeDef::Tuple(t) => {
				for f in &t.fields {
					self.value(f.id);
				}
			},
			TypeDef::Primitive(p) => self.primitive(p),
			TypeDef::Compact(c) => {
				let n = self.integer(128);
				match self.compact_width(c.type_param.id) {
					8 => Compact(n as u8).encode_to(self.out),
					16 => Compact(n as u16).encode_to(self.out),
					32 => Compact(n as u32).encode_to(self.out),
					64 => Compact(n as u64).encode_to(self.out),
					_ => Compact(n).encode_to(self.out),
				}
			},
			TypeDef::BitSequence(_) => Compact(0u32).encode_to(self.out),
		}
	}

	/// Types whose random values would almost never mean anything: accounts, addresses and
	/// nested calls come from the known ones instead, most of the time.
	fn special(&mut self, id: u32, name: &str) -> bool {
		match name {
			"AccountId32" if self.gen.rng.gen_bool(0.9) => {
				self.gen.actor().encode_to(self.out);
				true
			},
			"MultiAddress" if self.gen.rng.gen_bool(0.9) => {
				self.out.push(0);
				self.gen.actor().encode_to(self.out);
				true
			},
			"RuntimeCall" if id == self.typed.call_type => {
				if self.depth >= MAX_CALL_DEPTH || self.spent() {
					remark().encode_to(self.out);
				} else if self.gen.rng.gen_bool(0.6) {
					let call = self.gen.nested_call(self.depth).unwrap_or_else(remark);
					call.encode_to(self.out);
				} else {
					self.depth += 1;
					self.value_inner(id);
					self.depth -= 1;
				}
				true
			},
			_ => false,
		}
	}

	/// Writes a value of `id` without the special cases of its own type.
	fn value_inner(&mut self, id: u32) {
		let typed = self.typed;
		let Some(ty) = typed.registry.resolve(id) else { return };
		if let TypeDef::Variant(v) = &ty.type_def {
			self.variant(v);
		}
	}

	fn variant(&mut self, v: &scale_info::TypeDefVariant<PortableForm>) {
		if v.variants.is_empty() {
			// An enum without variants (no tasks): no value exists; write garbage.
			self.out.push(self.gen.rng.gen());
			return;
		}
		let pick = if self.spent() {
			// The variant with the fewest fields, so that the walk ends.
			v.variants.iter().min_by_key(|x| x.fields.len())
		} else if self.gen.rng.gen_bool(0.02) {
			None
		} else {
			v.variants.get(self.gen.rng.gen_range(0..v.variants.len()))
		};
		match pick {
			Some(variant) => {
				self.out.push(variant.index);
				for f in &variant.fields {
					self.value(f.ty.id);
				}
			},
			// An index no variant has.
			None => self.out.push(self.gen.rng.gen()),
		}
	}

	fn is_u8(&self, id: u32) -> bool {
		matches!(
			self.typed.registry.resolve(id).map(|t| &t.type_def),
			Some(TypeDef::Primitive(TypeDefPrimitive::U8))
		)
	}

	/// The width of the integer under a compact type (through single-field wrappers such as
	/// `Perbill`).
	fn compact_width(&self, id: u32) -> u32 {
		match self.typed.registry.resolve(id).map(|t| &t.type_def) {
			Some(TypeDef::Primitive(TypeDefPrimitive::U8)) => 8,
			Some(TypeDef::Primitive(TypeDefPrimitive::U16)) => 16,
			Some(TypeDef::Primitive(TypeDefPrimitive::U32)) => 32,
			Some(TypeDef::Primitive(TypeDefPrimitive::U64)) => 64,
			Some(TypeDef::Composite(c)) if c.fields.len() == 1 => {
				self.compact_width(c.fields[0].ty.id)
			},
			_ => 128,
		}
	}

	/// A sequence length: mostly short, sometimes long, never past the budget.
	fn length(&mut self) -> u32 {
		if self.spent() {
			return 0;
		}
		match self.gen.rng.gen_range(0..100) {
			0..=29 => 0,
			30..=84 => self.gen.rng.gen_range(1..5),
			85..=96 => self.gen.rng.gen_range(5..70),
			_ => self.gen.rng.gen_range(70..600),
		}
	}

	/// An integer of `bits` bits, from the values that find bugs: edges, small, random.
	fn integer(&mut self, bits: u32) -> u128 {
		let max = if bits >= 128 { u128::MAX } else { (1u128 << bits) - 1 };
		let n = match self.gen.rng.gen_range(0..12) {
			0 => 0,
			1 => 1,
			2 => max,
			3 => max - 1,
			4..=6 => self.gen.rng.gen_range(0..16),
			7..=8 => self.gen.rng.gen_range(0..100_000),
			9 => provenance_runtime::UNIT * self.gen.rng.gen_range(0..1_000),
			_ => self.gen.rng.gen(),
		};
		n & max
	}

	fn primitive(&mut self, p: &TypeDefPrimitive) {
		match p {
			TypeDefPrimitive::Bool => {
				let b: u8 =
					if self.gen.rng.gen_bool(0.98) { self.gen.rng.gen_range(0..2) } else { 2 };
				self.out.push(b);
			},
			TypeDefPrimitive::Char => (self.integer(32) as u32).encode_to(self.out),
			TypeDefPrimitive::Str => {
				let len = self.length();
				let s: String =
					(0..len).map(|_| self.gen.rng.gen_range(b'a'..=b'z') as char).collect();
				s.encode_to(self.out);
			},
			TypeDefPrimitive::U8 => (self.integer(8) as u8).encode_to(self.out),
			TypeDefPrimitive::U16 => (self.integer(16) as u16).encode_to(self.out),
			TypeDefPrimitive::U32 => (self.integer(32) as u32).encode_to(self.out),
			TypeDefPrimitive::U64 => (self.integer(64) as u64).encode_to(self.out),
			TypeDefPrimitive::U128 => self.integer(128).encode_to(self.out),
			TypeDefPrimitive::I8 => (self.integer(8) as u8).encode_to(self.out),
			TypeDefPrimitive::I16 => (self.integer(16) as u16).encode_to(self.out),
			TypeDefPrimitive::I32 => (self.integer(32) as u32).encode_to(self.out),
			TypeDefPrimitive::I64 => (self.integer(64) as u64).encode_to(self.out),
			TypeDefPrimitive::I128 => self.integer(128).encode_to(self.out),
			TypeDefPrimitive::U256 | TypeDefPrimitive::I256 => {
				let bytes: [u8; 32] = self.gen.rng.gen();
				self.out.extend(bytes);
			},
		}
	}
}

/// The call a nested position falls back to.
pub fn remark() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: Vec::new() })
}
