//! The policy and terms this pallet stores, the credits a split produces, and reward pools.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::{ConstU32, Get},
	BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use provenance_primitives::{DatasetId, GrantId, ModelId};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

/// How a model's royalties flow up its lineage.
///
/// Of every amount a model receives (paid for its use, or passed up from a derivative):
/// `parent_share` goes to its parent models, `dataset_share` to the datasets its own run
/// used, and the rest to its owner. `min_derivative_share` is what every model deriving from
/// this one must set aside for its parents: a derivative's `parent_share` must cover the sum
/// of its parents' minimums, and each parent is always passed at least its own minimum.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct RoyaltyPolicy {
	/// Passed to the parent models, together.
	pub parent_share: Perbill,
	/// Passed to the datasets the model's own run used, together.
	pub dataset_share: Perbill,
	/// The least `parent_share` a derivative owes this model.
	pub min_derivative_share: Perbill,
}

impl RoyaltyPolicy {
	/// Whether `parent_share` and `dataset_share` together are at most 100%.
	pub fn is_valid(&self) -> bool {
		u64::from(self.parent_share.deconstruct())
			.saturating_add(u64::from(self.dataset_share.deconstruct()))
			<= u64::from(Perbill::one().deconstruct())
	}

	/// Whether no share of `self` is below the same share of `current`.
	pub fn raises_or_keeps(&self, current: &RoyaltyPolicy) -> bool {
		self.parent_share >= current.parent_share
			&& self.dataset_share >= current.dataset_share
			&& self.min_derivative_share >= current.min_derivative_share
	}
}

/// Why an account was credited. Together with the credit's `model`, this says which part of
/// which model's royalty it is.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum CreditReason {
	/// The owner's part of the model's portion: what its policy leaves after the parent and
	/// dataset shares (and those shares too when the model has no parents, or no inputs).
	ModelOwner,
	/// The model's parent share, kept by its owner because the model is at
	/// `MaxRoyaltyDepth` hops from the paid model.
	DepthLimit,
	/// The model's dataset share, kept by its owner because no input can be paid: every
	/// input's role weighs nothing, or its dataset is gone from the registry. (Revocations
	/// never lead here: see `SplitError::ConsentWithdrawn`.)
	NoEligibleDatasets,
	/// A contributor's share of `dataset`, an input of the model.
	DatasetContributor { dataset: DatasetId },
	/// The part of `dataset`, an input of the model, for its owner: it lists no contributors.
	DatasetOwner { dataset: DatasetId },
	/// The rounding remainders of the whole split, to the paid model's owner.
	Dust,
	/// The entry fee a payment pays for each storage entry it creates for the account (a
	/// new claimable balance, a new income source), credited to that account. Not part of
	/// the split, and not income from a source.
	EntryFee,
}

impl CreditReason {
	/// Where a credit for this reason, as part of `model`'s royalty, comes from; `None` for
	/// entry fees.
	pub fn source(&self, model: ModelId) -> Option<Source> {
		match self {
			Self::ModelOwner | Self::DepthLimit | Self::NoEligibleDatasets | Self::Dust => {
				Some(Source::Model(model))
			},
			Self::DatasetContributor { dataset } | Self::DatasetOwner { dataset } => {
				Some(Source::Dataset(*dataset))
			},
			Self::EntryFee => None,
		}
	}
}

/// What an account earned from: a model it owns (its owner's part, kept shares and dust),
/// or a dataset it owns or contributed to.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum Source {
	Model(ModelId),
	Dataset(DatasetId),
}

/// One line of a split: `account` is credited `amount` as part of `model`'s royalty, for
/// `reason`. Credits with the same account, model and reason are merged into one.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct Credit<AccountId, Balance> {
	pub account: AccountId,
	pub amount: Balance,
	pub model: ModelId,
	pub reason: CreditReason,
}

/// Why a payment cannot be split: the errors of `pay_usage` that come before any funds
/// move, as the runtime API's `breakdown` reports them.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum SplitError<Balance> {
	/// The amount is below `MinPayment`.
	BelowMinimum { minimum: Balance },
	/// No model has this id (the paid model, or an ancestor the registry lost).
	UnknownModel(ModelId),
	/// The lineage reached is larger than `MaxSplitModels` model visits or
	/// `MaxSplitDatasets` dataset visits within `MaxRoyaltyDepth` hops.
	TooComplex { max_models: u32, max_datasets: u32 },
	/// An amount overflowed; cannot happen for amounts within the total issuance.
	Overflow,
	/// `grant`, in the model's consent basis, was revoked with the effect that models
	/// trained under it must stop being used: the model (and every model built on it) may
	/// not be paid until a new version without it is registered.
	ConsentWithdrawn { grant: GrantId },
	/// The model has no royalty terms: it was not registered through the registry's hook.
	NoTerms(ModelId),
}

/// A payment split into credits, and how much lineage it read: the weight's components.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Split<AccountId, Balance> {
	/// In the order the lineage was walked: the paid model first, then depth-first through
	/// its parents; a final `Dust` credit if any. Never a zero amount; sums to the payment.
	pub credits: alloc::vec::Vec<Credit<AccountId, Balance>>,
	/// Model visits, counting a model reached by two paths twice.
	pub models: u32,
	/// Dataset visits: inputs of the visited models, counted per visit.
	pub datasets: u32,
	/// Grants of the paid model's consent basis checked for revocations.
	pub basis: u32,
}

/// The most entries [`SplitCosts`] holds: `MaxRoyaltyDepth` must be below it.
pub const MAX_COST_ENTRIES: u32 = 8;

/// How much a split visits.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct SplitCost {
	/// Model visits, the model itself included.
	pub models: u32,
	/// Dataset visits: the inputs of every model visit.
	pub datasets: u32,
}

/// What a split from a model costs, for each number of parent hops it may still take:
/// entry `r` is the cost with `r` hops left, from 0 to `MaxRoyaltyDepth`.
pub type SplitCosts = BoundedVec<SplitCost, ConstU32<MAX_COST_ENTRIES>>;

/// The royalty terms fixed when a model was registered. Nothing later changes them: not a
/// parent raising its minimum, not a dataset changing its contributors.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxParents, MaxInputs))]
#[codec(mel_bound())]
pub struct ModelTerms<MaxParents: Get<u32>, MaxInputs: Get<u32>> {
	/// Per parent, in the order the run names them: the share of the model's income it is
	/// owed, its required share as it stood when the model was registered.
	pub parent_minimums: BoundedVec<Perbill, MaxParents>,
	/// Per input, in the order the run names them: the key of the snapshot of the dataset's
	/// contributors taken at registration, or `None` if it listed none (its current owner
	/// is paid).
	pub contributors: BoundedVec<Option<H256>, MaxInputs>,
	/// What a split from the model costs with each number of hops left.
	pub costs: SplitCosts,
}

/// The pallet's pool ids.
pub type PoolId = u32;

/// Where a reward pool is.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum PoolState<Balance> {
	/// Scores may be submitted until the closing block.
	Open,
	/// Closed and being paid out: `total_weight` is the sum of every entry's weight,
	/// entries before `next` are paid, and `spent` of the amount has left the hold.
	Settling { total_weight: u128, next: u32, spent: Balance },
}

/// A performance-weighted reward pool.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[scale_info(skip_type_params(MaxMetricLen))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Pool<AccountId, Balance, BlockNumber, MaxMetricLen: Get<u32>> {
	/// Opened the pool; the amount and the deposit are held from it.
	pub sponsor: AccountId,
	/// The dataset every score must be measured on, under a live `Evaluation` grant.
	pub benchmark: DatasetId,
	/// What is measured, e.g. `accuracy-ppm`.
	pub metric: BoundedVec<u8, MaxMetricLen>,
	/// Whether a higher score is better.
	pub higher_is_better: bool,
	/// The score that earns nothing; only the distance beyond it, in the better direction,
	/// earns a share.
	pub baseline: i64,
	/// From this block no score is taken and anyone may settle.
	pub closes_at: BlockNumber,
	/// What is split among the scored models, held from the sponsor.
	pub amount: Balance,
	/// Held from the sponsor for the pool's storage, released at settlement.
	pub deposit: Balance,
	pub state: PoolState<Balance>,
}

/// A pool as the runtime API reports it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct PoolInfo<AccountId, Balance, BlockNumber> {
	pub sponsor: AccountId,
	pub benchmark: DatasetId,
	pub metric: alloc::vec::Vec<u8>,
	pub higher_is_better: bool,
	pub baseline: i64,
	pub closes_at: BlockNumber,
	pub amount: Balance,
	pub deposit: Balance,
	pub state: PoolState<Balance>,
	/// How many models are scored.
	pub entries: u32,
}

/// One scored model of a pool, as the pool would pay it if settled now.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct Standing<Balance> {
	pub model: ModelId,
	/// The mean of its evaluators' scores, rounded down.
	pub score: i64,
	/// How many evaluators scored it.
	pub evaluations: u32,
	/// Its distance beyond the baseline in the better direction, 0 if not beyond.
	pub weight: u128,
	/// `amount * weight / total weight`, rounded down.
	pub prize: Balance,
}

/// A payment as it would be made: the split, and the entry fees on top (or, for a prize,
/// within it).
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct PaymentQuote<AccountId, Balance> {
	/// The split of the amount, in order; sums to the amount.
	pub credits: alloc::vec::Vec<Credit<AccountId, Balance>>,
	/// Per account that gets new storage entries: how many, and the fee credited for them.
	pub entry_fees: alloc::vec::Vec<EntryFeeLine<AccountId, Balance>>,
	/// The amount plus every entry fee: what the payer is charged (a pot shortfall aside).
	pub charged: Balance,
}

/// The entry fee paid for the storage entries a payment creates for `account`.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct EntryFeeLine<AccountId, Balance> {
	pub account: AccountId,
	pub entries: u32,
	pub amount: Balance,
}

/// What settling a pool would do with one entry's prize.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum PrizeOutcome<AccountId, Balance> {
	/// Paid up the model's lineage: the split of the net prize and the entry fees, both out
	/// of the prize; anything left of it returns to the sponsor.
	Paid(PaymentQuote<AccountId, Balance>),
	/// Not paid (the model may not be paid, or the prize is too small to cover the entry
	/// fees and the minimum payment): the whole prize returns to the sponsor.
	Forfeited(SplitError<Balance>),
}

/// One entry of a pool's payout.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct PrizePayout<AccountId, Balance> {
	pub model: ModelId,
	pub prize: Balance,
	pub outcome: PrizeOutcome<AccountId, Balance>,
}

/// What settling a pool now would pay, entry by entry, and return to its sponsor.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct PoolPayout<AccountId, Balance> {
	pub prizes: alloc::vec::Vec<PrizePayout<AccountId, Balance>>,
	/// Everything not paid out: rounding, forfeited prizes, unused parts of prizes, the
	/// whole amount if no entry is beyond the baseline.
	pub returned: Balance,
}
