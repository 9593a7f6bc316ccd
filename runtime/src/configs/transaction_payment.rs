//! Fees: weight and length priced in PROV, scaled by congestion, and paid to the validators
//! and the treasury.

use frame_support::{
	parameter_types,
	traits::{
		fungible::{Balanced, Credit},
		Get, Imbalance, OnUnbalanced,
	},
	weights::{ConstantMultiplier, IdentityFee},
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_runtime::{traits::Bounded, FixedPointNumber, Perquintill};

use super::parameters::dynamic_params::chain::TreasuryFeeShare;
use crate::{
	AccountId, Authorship, Balance, Balances, Runtime, RuntimeEvent, Treasury, MICRO_UNIT,
};

parameter_types! {
	/// One micro-unit per byte, so that storage-heavy calls cost more than compute alone.
	pub const TransactionByteFee: Balance = MICRO_UNIT;
	/// Fees rise while blocks are more than a quarter full and fall back when they are less.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// Polkadot's rate: a full block raises fees by about 0.0056% per block.
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(75, 1_000_000);
	/// Fees never fall below their weight-based price: an idle chain costs what the benchmarks
	/// say.
	pub MinimumMultiplier: Multiplier = Multiplier::saturating_from_integer(1);
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

/// Where fees go: `TreasuryFeeShare` of each fee (20% unless the council changes it) to the
/// treasury, the rest and every tip to the block's author.
pub struct DealWithFees;

impl OnUnbalanced<Credit<AccountId, Balances>> for DealWithFees {
	fn on_unbalanceds(mut fees_then_tips: impl Iterator<Item = Credit<AccountId, Balances>>) {
		let Some(fees) = fees_then_tips.next() else { return };
		let treasury_share = TreasuryFeeShare::get();
		let to_treasury = treasury_share.mul_floor(fees.peek());
		let (treasury, mut author) = fees.split(to_treasury);
		for tip in fees_then_tips {
			author.subsume(tip);
		}
		resolve_or_burn(&Treasury::account_id(), treasury);
		match Authorship::author() {
			Some(who) => resolve_or_burn(&who, author),
			// No author outside block production (e.g. some tests): burn.
			None => drop(author),
		}
	}
}

/// Pays `credit` into `who`; a credit the account cannot take (below the existential
/// deposit for a new account) is burned rather than lost track of.
fn resolve_or_burn(who: &AccountId, credit: Credit<AccountId, Balances>) {
	if let Err(unpaid) = <Balances as Balanced<AccountId>>::resolve(who, credit) {
		drop(unpaid);
	}
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, DealWithFees>;
	// Operational calls get five times the priority per fee.
	type OperationalFeeMultiplier = frame_support::traits::ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = TargetedFeeAdjustment<
		Self,
		TargetBlockFullness,
		AdjustmentVariable,
		MinimumMultiplier,
		MaximumMultiplier,
	>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}
