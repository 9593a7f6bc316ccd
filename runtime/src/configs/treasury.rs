//! The treasury: its share of fees, spent by council motion.

use frame_support::{
	parameter_types,
	traits::{tokens::UnityAssetBalanceConversion, ConstU32},
	PalletId,
};
use frame_system::EnsureWithSuccess;
use sp_runtime::{traits::IdentityLookup, Permill};

use super::governance::RootOrCouncilMajority;
use crate::{AccountId, Balance, Balances, BlockNumber, Runtime, RuntimeEvent, System, DAYS, UNIT};

parameter_types! {
	pub const TreasuryPalletId: PalletId = PalletId(*b"py/trsry");
	/// How often the treasury's old-style approved proposals are funded; spends through
	/// `treasury.spend` are claimed with `treasury.payout` instead.
	pub const SpendPeriod: BlockNumber = DAYS;
	/// Nothing is burned: what the council does not spend stays.
	pub const Burn: Permill = Permill::zero();
	/// A claimed spend must be paid out within a month.
	pub const PayoutPeriod: BlockNumber = 30 * DAYS;
	/// The most one council motion can spend.
	pub const MaxCouncilSpend: Balance = 100_000 * UNIT;
	pub TreasuryAccount: AccountId = pallet_treasury::Pallet::<Runtime>::account_id();
}

impl pallet_treasury::Config for Runtime {
	type PalletId = TreasuryPalletId;
	type Currency = Balances;
	type RejectOrigin = RootOrCouncilMajority;
	type RuntimeEvent = RuntimeEvent;
	type SpendPeriod = SpendPeriod;
	type Burn = Burn;
	type BurnDestination = ();
	type SpendFunds = ();
	type WeightInfo = pallet_treasury::weights::SubstrateWeight<Runtime>;
	type MaxApprovals = ConstU32<100>;
	// Root or a council majority, up to `MaxCouncilSpend` per spend.
	type SpendOrigin = EnsureWithSuccess<RootOrCouncilMajority, AccountId, MaxCouncilSpend>;
	type AssetKind = ();
	type Beneficiary = AccountId;
	type BeneficiaryLookup = IdentityLookup<AccountId>;
	type Paymaster = frame_support::traits::tokens::pay::PayFromAccount<Balances, TreasuryAccount>;
	type BalanceConverter = UnityAssetBalanceConversion;
	type PayoutPeriod = PayoutPeriod;
	type BlockNumberProvider = System;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}
