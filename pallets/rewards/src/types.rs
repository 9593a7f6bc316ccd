//! The policy this pallet stores, and the credits a split produces.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use provenance_primitives::{DatasetId, ModelId};
use scale_info::TypeInfo;
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
	/// The model's dataset share, kept by its owner because no input may be paid: every
	/// input's grant was revoked (or its dataset is gone, or its role weighs nothing).
	NoEligibleDatasets,
	/// A contributor's share of `dataset`, an input of the model.
	DatasetContributor { dataset: DatasetId },
	/// The part of `dataset`, an input of the model, for its owner: it lists no contributors.
	DatasetOwner { dataset: DatasetId },
	/// The rounding remainders of the whole split, to the paid model's owner.
	Dust,
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
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
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
}
