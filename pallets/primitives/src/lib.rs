//! What the Provenance Chain pallets share: identifiers, the purposes consent is given for,
//! and the traits through which one pallet asks another about datasets and consent.
//!
//! Keeping these here lets `pallet-consent` depend on an interface rather than on
//! `pallet-datasets`, and lets the lineage and rewards pallets check consent the same way.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{ConstU32, H256};
use sp_runtime::{BoundedBTreeSet, DispatchResult};

/// Datasets are numbered from 0 in registration order.
pub type DatasetId = u64;
/// Consent grants are numbered from 0 in grant order.
pub type GrantId = u64;
/// Models (in `pallet-lineage`) are numbered from 0 in registration order.
pub type ModelId = u64;

/// What a dataset may be used for. A grant names a set of these.
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
pub enum Purpose {
	Training,
	FineTuning,
	Evaluation,
	Inference,
	Commercial,
	Research,
	/// Publishing a dataset derived from this one (a subset, a de-identified copy, an
	/// augmentation, a merge). Appended last, so that the others keep their encoding.
	Derivation,
}

impl Purpose {
	/// Every purpose, in declaration order.
	pub const ALL: [Purpose; 7] = [
		Purpose::Training,
		Purpose::FineTuning,
		Purpose::Evaluation,
		Purpose::Inference,
		Purpose::Commercial,
		Purpose::Research,
		Purpose::Derivation,
	];
}

/// How many distinct purposes exist, and so the most a grant can name.
pub const PURPOSE_COUNT: u32 = 7;

/// A set of purposes. Decoding deduplicates, so a set never holds a purpose twice.
pub type Purposes = BoundedBTreeSet<Purpose, ConstU32<PURPOSE_COUNT>>;

/// How sensitive a dataset's content is, in GDPR's terms, from least to most.
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
pub enum Sensitivity {
	/// No personal data.
	Public,
	/// Personal data (GDPR art. 4).
	Personal,
	/// Special categories such as health or biometric data (GDPR art. 9).
	SpecialCategory,
}

/// Who may build on what was made under a grant: register a model that derives from a
/// model trained with it, or a dataset derived from a dataset made with it. Chosen by the
/// grantor; checked at every registration whose ancestry holds the grant.
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
pub enum DerivativeScope {
	/// Only accounts the grant itself covers (the named grantee, or anyone for a grant to
	/// anyone) may derive. First, so that clients that leave it out get it.
	#[default]
	GranteeOnly,
	/// Nothing may be derived: the grant covers the grantee's own run and nothing after it.
	NoOne,
	/// Any account may derive, still only for purposes the grant covers.
	Anyone,
}

/// What a revocation means for what was already built under the grant. Either way no new
/// training may build on it; the difference is whether existing models may go on being used
/// (and paid for).
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
pub enum RevocationEffect {
	/// Models built on the grant must stop being used.
	#[default]
	StopUse,
	/// Models already built may keep being used; nothing new may be trained on them.
	NoNewTraining,
}

/// Why what was built under a grant may not be built on by a registrant, in the order the
/// checks are made.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum InheritRefusal {
	/// No grant has this id.
	UnknownGrant,
	/// The grant was revoked.
	Revoked,
	/// The grant has expired.
	Expired,
	/// The grant does not cover the new run's purpose.
	PurposeNotCovered,
	/// The grant's derivative scope does not include the registrant.
	DerivationNotAllowed,
}

/// How a dataset was derived from its parent.
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
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum DerivationKind {
	/// The same dataset, revised: new content replacing the parent's. Only the parent's
	/// owner or delegate may publish one.
	NewVersion,
	/// A selection of the parent's records.
	Subset,
	/// The parent with personal data removed or pseudonymised.
	Deidentified,
	/// The parent with records added or generated.
	Augmented,
	/// The parent combined with other data.
	Merged,
}

/// Governance's dispute over a registration, for instance a content or weights hash claimed
/// by someone watching the pool. Kept after it is resolved: a record once disputed stays
/// flagged in every answer.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Dispute<AccountId, BlockNumber> {
	/// Hash of the evidence governance considered.
	pub evidence_hash: H256,
	pub opened_at: BlockNumber,
	/// When governance resolved it; `None` while open.
	pub resolved_at: Option<BlockNumber>,
	/// Who governance gave the record to, if it reassigned it.
	pub reassigned_to: Option<AccountId>,
}

impl<AccountId, BlockNumber> Dispute<AccountId, BlockNumber> {
	/// Whether the record is flagged: the dispute is open, or it ended in a reassignment (the
	/// registration was found squatted). A dismissed dispute stays on record unflagged.
	pub fn flags(&self) -> bool {
		self.resolved_at.is_none() || self.reassigned_to.is_some()
	}
}

/// What the consent pallet needs to know about a dataset to decide who may grant on it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DatasetAccess<AccountId> {
	pub owner: AccountId,
	/// May grant and revoke consent on the owner's behalf.
	pub delegate: Option<AccountId>,
	pub sensitivity: Sensitivity,
	/// False once retired: a retired dataset takes no new grants.
	pub active: bool,
	/// Whether the registration is flagged by a dispute: open, or ended in a reassignment
	/// (see [`Dispute::flags`]). Grants on it stay usable and readable; every answer flags
	/// them.
	pub disputed: bool,
}

impl<AccountId: PartialEq> DatasetAccess<AccountId> {
	/// The owner or the current delegate.
	pub fn may_manage_consent(&self, who: &AccountId) -> bool {
		&self.owner == who || self.delegate.as_ref() == Some(who)
	}
}

/// Read access to datasets, implemented by `pallet-datasets`.
pub trait DatasetInspect<AccountId> {
	/// The dataset's owner, delegate, sensitivity and status, or `None` if it does not exist.
	fn dataset_access(id: DatasetId) -> Option<DatasetAccess<AccountId>>;

	/// The dataset `id` was derived from, and how; `None` for a root dataset or an unknown
	/// id. One read.
	fn dataset_parent(id: DatasetId) -> Option<(DatasetId, DerivationKind)>;

	/// The grants a dataset inherits from its derivation: every grant under which it or an
	/// ancestor was derived by someone who did not manage the parent. Empty for a root
	/// dataset. One read; bounded by the datasets pallet's `MaxDerivationBasis`.
	fn derivation_basis(id: DatasetId) -> alloc::vec::Vec<GrantId>;

	/// At most `limit` datasets derived directly from `id`, in storage order. For bounded
	/// walks.
	fn derived_datasets(id: DatasetId, limit: u32) -> alloc::vec::Vec<DatasetId>;

	/// At most `limit` datasets whose derivation basis holds `grant`, in storage order.
	fn datasets_under_grant(grant: GrantId, limit: u32) -> alloc::vec::Vec<DatasetId>;

	/// Registers a dataset owned by `owner` for another pallet's benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_dataset(owner: &AccountId) -> Result<DatasetId, sp_runtime::DispatchError>;
}

/// Consent checks for pallets that use datasets, implemented by `pallet-consent`.
///
/// Every method does a bounded amount of work, so it may be called from a dispatchable.
pub trait ConsentInspect<AccountId, BlockNumber> {
	/// The grant that lets `who` use `dataset` for `purpose` at the current block, if any:
	/// not revoked, not expired, uses left. Grants on a retired dataset stay usable; retiring
	/// only stops new grants.
	fn live_grant(dataset: DatasetId, who: &AccountId, purpose: Purpose) -> Option<GrantId>;

	/// The most storage reads [`Self::live_grant`] makes, for callers' weights: their
	/// benchmarks find a grant at once, the worst case reads every listed one.
	fn live_grant_reads() -> u32 {
		0
	}

	/// Checks that `grant` covers `(dataset, who, purpose)` now, and records one use of it
	/// with `job_hash` in its access log. The error says why it is not live.
	fn consume(
		grant: GrantId,
		dataset: DatasetId,
		who: &AccountId,
		purpose: Purpose,
		job_hash: H256,
	) -> DispatchResult;

	/// Checks that `who` may build on what was made under `grant` for `purpose`, at the
	/// current block: the grant is not revoked, not expired, covers `purpose`, and its
	/// derivative scope includes `who`. Used for every grant a new run inherits; nothing is
	/// consumed (use limits count direct uses only).
	fn ensure_inheritable(
		grant: GrantId,
		who: &AccountId,
		purpose: Purpose,
	) -> Result<(), InheritRefusal>;

	/// What revoking `grant` means for what was built on it, or `None` if it does not exist.
	fn revocation_effect(grant: GrantId) -> Option<RevocationEffect>;

	/// The block at which `grant` was revoked, if it was.
	fn revoked_at(grant: GrantId) -> Option<BlockNumber>;

	/// The dataset `grant` is on, or `None` if it does not exist.
	fn grant_dataset(grant: GrantId) -> Option<DatasetId>;

	/// The purposes `grant` covers, or `None` if it does not exist.
	fn purposes(grant: GrantId) -> Option<Purposes>;

	/// Registers a dataset and a grant on it to `grantee` for every purpose, for another
	/// pallet's benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_grant(
		owner: &AccountId,
		grantee: &AccountId,
	) -> Result<(DatasetId, GrantId), sp_runtime::DispatchError>;
}

/// What a revocation reaches downstream, so that the consent pallet can report it without
/// walking the lineage: registries keep a counter per grant. `()` reports nothing.
pub trait GrantDependents {
	/// How many models hold `grant` in their consent basis: every model its revocation taints.
	fn tainted_models(_grant: GrantId) -> u32 {
		0
	}

	/// How many datasets hold `grant` in their derivation basis.
	fn tainted_datasets(_grant: GrantId) -> u32 {
		0
	}
}

impl GrantDependents for () {}

/// Two registries, each counting what it keeps.
impl<A: GrantDependents, B: GrantDependents> GrantDependents for (A, B) {
	fn tainted_models(grant: GrantId) -> u32 {
		A::tainted_models(grant).saturating_add(B::tainted_models(grant))
	}

	fn tainted_datasets(grant: GrantId) -> u32 {
		A::tainted_datasets(grant).saturating_add(B::tainted_datasets(grant))
	}
}

/// Whether `license` looks like an SPDX licence id or expression: non-empty, and only
/// letters, digits, `.+-:`, spaces and parentheses. One rule for datasets and models.
pub fn is_valid_license(license: &[u8]) -> bool {
	!license.is_empty()
		&& license.iter().all(|c| {
			c.is_ascii_alphanumeric() || matches!(c, b'.' | b'+' | b'-' | b' ' | b'(' | b')' | b':')
		})
}

/// The most items one paginated query returns. Asking for more is an error that names it.
pub const MAX_PAGE_SIZE: u32 = 100;

/// One page of a paginated query. Pass `next` back as the cursor to get the following page.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Page<Item, Cursor> {
	pub items: alloc::vec::Vec<Item>,
	/// The cursor for the next page, or `None` on the last page.
	pub next: Option<Cursor>,
}

/// Why a runtime API query has no answer. The node's RPC turns each into a JSON-RPC error.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub enum QueryError {
	UnknownDataset(DatasetId),
	UnknownGrant(GrantId),
	/// `requested` is over the cap `max`.
	PageTooLarge {
		requested: u32,
		max: u32,
	},
	/// A depth or size argument is over the cap `max`.
	LimitTooLarge {
		requested: u32,
		max: u32,
	},
	/// No model has this id. Appended last so that the earlier variants keep their indices.
	UnknownModel(ModelId),
}

/// Checks a requested page size against [`MAX_PAGE_SIZE`].
pub fn check_page_size(requested: u32) -> Result<u32, QueryError> {
	if requested > MAX_PAGE_SIZE {
		Err(QueryError::PageTooLarge { requested, max: MAX_PAGE_SIZE })
	} else {
		Ok(requested)
	}
}

/// What a training run used a dataset for.
/// `pallet-lineage` stores it as `InputRole`.
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
pub enum DatasetRole {
	Train,
	Validation,
	Test,
}

/// A dataset a model's own training run used, in which role, and under which grant.
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
)]
pub struct ModelInput {
	pub dataset: DatasetId,
	pub role: DatasetRole,
	pub grant: GrantId,
}

/// What the rewards pallet needs to know about a model: who is paid for it, and where its
/// royalties flow. Bounded by the registry's own limits.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxParents, MaxInputs))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct ModelSummary<AccountId, MaxParents: sp_core::Get<u32>, MaxInputs: sp_core::Get<u32>> {
	pub owner: AccountId,
	/// The models its run started from, in the order the run named them, without repeats.
	pub parents: sp_runtime::BoundedVec<ModelId, MaxParents>,
	/// The datasets its own run used (not its parents'), without repeated datasets.
	pub inputs: sp_runtime::BoundedVec<ModelInput, MaxInputs>,
	/// The least share of a derivative's income the registry itself says this model's owner
	/// is owed (`pallet-lineage`'s `DerivativePolicy::RoyaltyRequired`), if it says one.
	pub min_derivative_share: Option<sp_runtime::Perbill>,
}

// By hand, so that the bound types need not be `Clone`, `PartialEq` or `Debug` themselves.
impl<AccountId: Clone, P: sp_core::Get<u32>, I: sp_core::Get<u32>> Clone
	for ModelSummary<AccountId, P, I>
{
	fn clone(&self) -> Self {
		Self {
			owner: self.owner.clone(),
			parents: self.parents.clone(),
			inputs: self.inputs.clone(),
			min_derivative_share: self.min_derivative_share,
		}
	}
}

impl<AccountId: PartialEq, P: sp_core::Get<u32>, I: sp_core::Get<u32>> PartialEq
	for ModelSummary<AccountId, P, I>
{
	fn eq(&self, other: &Self) -> bool {
		self.owner == other.owner
			&& self.parents == other.parents
			&& self.inputs == other.inputs
			&& self.min_derivative_share == other.min_derivative_share
	}
}

impl<AccountId: core::fmt::Debug, P: sp_core::Get<u32>, I: sp_core::Get<u32>> core::fmt::Debug
	for ModelSummary<AccountId, P, I>
{
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.debug_struct("ModelSummary")
			.field("owner", &self.owner)
			.field("parents", &self.parents)
			.field("inputs", &self.inputs)
			.field("min_derivative_share", &self.min_derivative_share)
			.finish()
	}
}

/// Read access to models, implemented by `pallet-lineage`.
///
/// Every method reads one model record.
pub trait ModelInspect<AccountId> {
	/// The most parents a model has.
	type MaxParents: sp_core::Get<u32>;
	/// The most datasets a model's own run used.
	type MaxInputs: sp_core::Get<u32>;

	/// The model's owner, parents and inputs, or `None` if it does not exist.
	fn model(id: ModelId) -> Option<ModelSummary<AccountId, Self::MaxParents, Self::MaxInputs>>;

	/// Whether the model exists.
	fn model_exists(id: ModelId) -> bool {
		Self::model(id).is_some()
	}

	/// The model's owner, or `None` if it does not exist.
	fn model_owner(id: ModelId) -> Option<AccountId> {
		Self::model(id).map(|m| m.owner)
	}

	/// The most grants a model's consent basis holds.
	type MaxBasis: sp_core::Get<u32>;

	/// Every grant the model's existence rests on (its run's and, inherited, its ancestors'
	/// and its derived inputs'), or `None` if it does not exist.
	fn consent_basis(id: ModelId) -> Option<sp_runtime::BoundedVec<GrantId, Self::MaxBasis>>;

	/// Whether `who` is an evaluator accredited by governance.
	fn is_accredited_evaluator(who: &AccountId) -> bool;

	/// Accredits `who` as an evaluator, for another pallet's benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_accredit(who: &AccountId);

	/// Registers a model owned (and trained) by `owner`, deriving from `parents`, whose run
	/// used `inputs` fresh datasets, each under a grant to `owner`; returns the model and the
	/// datasets. For another pallet's benchmarks: `owner` is funded as needed.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_model(
		owner: &AccountId,
		parents: &[ModelId],
		inputs: u32,
	) -> Result<(ModelId, alloc::vec::Vec<DatasetId>), sp_runtime::DispatchError>;
}

/// Who is paid for a dataset: its owner, and its contributors with their shares (adding up
/// to exactly 100%, or none).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxContributors))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct DatasetPayees<AccountId, MaxContributors: sp_core::Get<u32>> {
	pub owner: AccountId,
	pub contributors: sp_runtime::BoundedVec<(AccountId, sp_runtime::Perbill), MaxContributors>,
}

impl<AccountId: Clone, C: sp_core::Get<u32>> Clone for DatasetPayees<AccountId, C> {
	fn clone(&self) -> Self {
		Self { owner: self.owner.clone(), contributors: self.contributors.clone() }
	}
}

impl<AccountId: PartialEq, C: sp_core::Get<u32>> PartialEq for DatasetPayees<AccountId, C> {
	fn eq(&self, other: &Self) -> bool {
		self.owner == other.owner && self.contributors == other.contributors
	}
}

impl<AccountId: core::fmt::Debug, C: sp_core::Get<u32>> core::fmt::Debug
	for DatasetPayees<AccountId, C>
{
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.debug_struct("DatasetPayees")
			.field("owner", &self.owner)
			.field("contributors", &self.contributors)
			.finish()
	}
}

/// Read access to who is paid for a dataset, implemented by `pallet-datasets`.
///
/// Every method reads one dataset record.
pub trait ContributorsInspect<AccountId> {
	/// The most contributors a dataset lists.
	type MaxContributors: sp_core::Get<u32>;

	/// The dataset's owner and contributors, or `None` if it does not exist.
	fn payees(id: DatasetId) -> Option<DatasetPayees<AccountId, Self::MaxContributors>>;

	/// Replaces the contributors of an existing dataset, for another pallet's benchmarks:
	/// the owner is funded for any deposit change.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_set_contributors(
		id: DatasetId,
		contributors: alloc::vec::Vec<(AccountId, sp_runtime::Perbill)>,
	) -> DispatchResult;
}

/// What a model registry asks a royalty pallet when a model is registered, so that every
/// model it accepts can be paid, on terms fixed at its registration. `()` accepts
/// everything and stores nothing.
pub trait RoyaltyRegistration {
	/// Refuses a model deriving from `parents` and trained on `inputs` whose royalties could
	/// not be paid: its parents' minimum shares cannot all be met, their total is above the
	/// registrant's bound `max_parent_share`, or its lineage is larger than one payment may
	/// split. Returns the bytes the royalty pallet will store for the model, for the
	/// registrant's deposit. Call before anything is written.
	fn ensure_may_derive(
		parents: &[ModelId],
		inputs: &[DatasetId],
		max_parent_share: sp_runtime::Perbill,
	) -> Result<u32, sp_runtime::DispatchError>;

	/// Fixes the royalty terms of `model`, just registered with `parents` and `inputs`.
	/// Call after the model is stored, once `ensure_may_derive` has passed.
	fn on_model_registered(
		model: ModelId,
		parents: &[ModelId],
		inputs: &[DatasetId],
	) -> DispatchResult;

	/// The most bytes [`Self::ensure_may_derive`] can return, for benchmarks' deposits.
	fn max_record_bytes() -> u32 {
		0
	}

	/// Accepts lineages of any size from now on, for the registry's benchmarks: their
	/// worst case combines bounds no payable lineage reaches at once.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_any_lineage() {}
}

impl RoyaltyRegistration for () {
	fn ensure_may_derive(
		_parents: &[ModelId],
		_inputs: &[DatasetId],
		_max_parent_share: sp_runtime::Perbill,
	) -> Result<u32, sp_runtime::DispatchError> {
		Ok(0)
	}

	fn on_model_registered(
		_model: ModelId,
		_parents: &[ModelId],
		_inputs: &[DatasetId],
	) -> DispatchResult {
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn spdx_like_licences_pass_and_others_do_not() {
		for ok in
			[&b"MIT"[..], b"Apache-2.0", b"GPL-2.0+", b"(MIT OR Apache-2.0)", b"LicenseRef-x:y"]
		{
			assert!(is_valid_license(ok), "{}", String::from_utf8_lossy(ok));
		}
		for bad in [&b""[..], b"MIT;", b"<script>", b"MIT\n", "Lizenz-ä".as_bytes()] {
			assert!(!is_valid_license(bad), "{}", String::from_utf8_lossy(bad));
		}
	}

	#[test]
	fn page_sizes_up_to_the_cap() {
		assert_eq!(check_page_size(MAX_PAGE_SIZE), Ok(MAX_PAGE_SIZE));
		assert_eq!(
			check_page_size(MAX_PAGE_SIZE + 1),
			Err(QueryError::PageTooLarge { requested: MAX_PAGE_SIZE + 1, max: MAX_PAGE_SIZE })
		);
	}
}
