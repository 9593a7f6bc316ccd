//! Account-level delegation through polkadot-sdk's `pallet-proxy`: an organisation lets an
//! account act for it, limited to what its proxy type allows. A hospital's data-protection
//! officer manages consent on every dataset the hospital owns, without being named on each.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{parameter_types, traits::InstanceFilter};
use scale_info::TypeInfo;
use sp_runtime::traits::BlakeTwo256;

use crate::{Balance, Balances, Runtime, RuntimeCall, System, MILLI_UNIT};

/// What a proxy may do for the account that named it.
#[derive(
	Copy,
	Clone,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Debug,
	MaxEncodedLen,
	TypeInfo,
	Default,
)]
pub enum ProxyType {
	/// Anything the account may do. `pallet-proxy` requires the most permissive type to be
	/// the default.
	#[default]
	Any,
	/// Consent and dataset management only: every `Consent` call, and the `Datasets` calls
	/// that keep who controls and who is paid for a dataset (register, update metadata,
	/// retire, set sensitivity). Not delegates, contributors or ownership, which would let
	/// the proxy keep power after it is removed or redirect rewards; no funds, models,
	/// rewards or proxies.
	ConsentManager,
}

impl InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, call: &RuntimeCall) -> bool {
		match self {
			ProxyType::Any => true,
			ProxyType::ConsentManager => match call {
				RuntimeCall::Consent(_) => true,
				// An allow-list: a call added to the pallet later is refused until listed.
				RuntimeCall::Datasets(call) => matches!(
					call,
					pallet_datasets::Call::register_dataset { .. }
						| pallet_datasets::Call::update_metadata { .. }
						| pallet_datasets::Call::retire_dataset { .. }
						| pallet_datasets::Call::set_sensitivity { .. }
				),
				_ => false,
			},
		}
	}

	fn is_superset(&self, other: &Self) -> bool {
		match (self, other) {
			(ProxyType::Any, _) => true,
			(ProxyType::ConsentManager, ProxyType::ConsentManager) => true,
			(ProxyType::ConsentManager, ProxyType::Any) => false,
		}
	}
}

parameter_types! {
	/// Reserved for a proxy list, plus `ProxyDepositFactor` per proxy in it.
	pub const ProxyDepositBase: Balance = 10 * MILLI_UNIT;
	pub const ProxyDepositFactor: Balance = 5 * MILLI_UNIT;
	/// Reserved for a list of announcements, plus `AnnouncementDepositFactor` each.
	pub const AnnouncementDepositBase: Balance = 10 * MILLI_UNIT;
	pub const AnnouncementDepositFactor: Balance = 5 * MILLI_UNIT;
}

impl pallet_proxy::Config for Runtime {
	type RuntimeEvent = crate::RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type ProxyType = ProxyType;
	type ProxyDepositBase = ProxyDepositBase;
	type ProxyDepositFactor = ProxyDepositFactor;
	type MaxProxies = frame_support::traits::ConstU32<32>;
	// Parity's benchmarked weights for the pallet.
	type WeightInfo = pallet_proxy::weights::SubstrateWeight<Runtime>;
	type MaxPending = frame_support::traits::ConstU32<32>;
	type CallHasher = BlakeTwo256;
	type AnnouncementDepositBase = AnnouncementDepositBase;
	type AnnouncementDepositFactor = AnnouncementDepositFactor;
	type BlockNumberProvider = System;
}
