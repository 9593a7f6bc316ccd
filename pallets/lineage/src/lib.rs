//! # Lineage pallet
//!
//! A registry of AI models and the training runs that produced them. A run names the models
//! it started from (its parents) and the datasets it used, each under a consent grant; the
//! grants are checked and consumed (logged in the consent pallet's access log) when the
//! model is registered, so a registered model is proof that its training data was used with
//! consent at the time.
//!
//! - A weights hash names one model chain-wide.
//! - Lineage is a DAG: parents must already exist and ids are assigned in order, so a model
//!   cannot cite itself or a later model and cycles cannot arise.
//! - Each model carries its consent basis: every grant used anywhere in its ancestry,
//!   computed once at registration (its inputs' grants and its parents' bases) and bounded
//!   by `MaxBasisGrants`. Whether a model is tainted by a revocation is a scan of its basis;
//!   which models a grant reaches is the [`GrantModels`] index.
//! - Inherited consent is checked like direct consent. A run with parents is accepted only
//!   if every grant in the inherited basis, at that block, is not revoked, not expired,
//!   covers the run's purpose, and lets the registrant derive (the grant's
//!   [`provenance_primitives::DerivativeScope`]). Use limits count direct uses only.
//! - A parent's owner decides who may derive from it ([`DerivativePolicy`]); withdrawn models
//!   may not be derived from.
//! - Evaluations are recorded by the model's owner, by accredited evaluators (a set kept by
//!   `EvaluatorOrigin`), or by accounts the owner allowed, each up to
//!   `MaxEvaluationsPerEvaluator` per model; the owner may remove any. The owner may anchor
//!   batches of the model's decisions by Merkle root.
//! - A model changes hands in two steps: the owner proposes, the recipient accepts (and
//!   takes on the deposit); the owner may cancel before that.
//! - Records are never deleted. Each is paid for with a deposit held from whoever made it;
//!   a model's deposit moves with its ownership.
//!
//! Consent is reached through [`provenance_primitives::ConsentInspect`], datasets through
//! [`provenance_primitives::DatasetInspect`]; auditors query through the runtime API in
//! `pallet-lineage-runtime-api`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod dispatch;
mod inspect;
#[cfg(test)]
mod mock;
mod queries;
#[cfg(test)]
mod tests;
mod try_state;
pub mod types;
pub mod weights;

pub use dispatch::{ModelSpec, RunSpec};

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::{
	collections::{BTreeSet, VecDeque},
	vec::Vec,
};
use codec::Encode;
use frame_support::{
	ensure,
	pallet_prelude::{DispatchError, DispatchResult, Get},
	traits::{
		fungible::{self, MutateHold},
		tokens::Precision,
	},
	BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use provenance_primitives::{
	check_page_size, ConsentInspect, DatasetId, DatasetInspect, DerivationKind, GrantDependents,
	GrantId, InheritRefusal, ModelId, Page, Purpose, QueryError, RoyaltyRegistration,
};
use sp_core::H256;
use sp_runtime::{
	traits::{BlakeTwo256, Hash, Saturating, Zero},
	Perbill,
};

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A run's parents and how the model derives from each.
pub type ParentsOf<T> = BoundedVec<(ModelId, RunKind), <T as Config>::MaxParents>;

/// A run's datasets and the grants they were used under.
pub type InputsOf<T> = BoundedVec<TrainingInput, <T as Config>::MaxInputs>;

/// A dispute over a model.
pub type ModelDisputeOf<T> = provenance_primitives::Dispute<
	<T as frame_system::Config>::AccountId,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// A model's consent basis.
pub type BasisOf<T> = BoundedVec<GrantId, <T as Config>::MaxBasisGrants>;

/// A model's evaluation and decision anchor views.
pub type EvaluationInfoOf<T> =
	EvaluationInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
pub type AnchorInfoOf<T> =
	AnchorInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
pub type ModelInfoOf<T> =
	ModelInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// Bytes of one [`GrantModels`] entry (its full key; the value is empty): a model's deposit
/// pays for one per grant of its consent basis, so a deep lineage's index is paid for too.
pub const BASIS_INDEX_BYTES: usize = 64;

/// The most model hops `ancestors` and `descendants` follow.
pub const MAX_GRAPH_DEPTH: u32 = 32;
/// The most nodes a graph query returns; a bigger graph is an error.
pub const MAX_GRAPH_NODES: u32 = 500;

// FRAME's expansion of the pallet sections uses `expect` (storage prefixes, error encoding);
// the pallet's own logic lives outside this module, where the lint still applies.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Holds the model, evaluation and anchor deposits.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Checks and consumes consent for training and evaluation inputs.
		type Consent: ConsentInspect<Self::AccountId, BlockNumberFor<Self>>;

		/// Whether datasets exist, for the queries.
		type Datasets: DatasetInspect<Self::AccountId>;

		/// The royalty pallet, asked whether a derivative may register under its parents'
		/// royalty minimums, and told its starting policy. `()` accepts every derivative.
		type Royalties: RoyaltyRegistration;

		/// Adds and removes accredited evaluators (Root until governance lands).
		type EvaluatorOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Marks a registration disputed and resolves the dispute, reassigning the model
		/// (Root until governance lands).
		type DisputeOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most accredited evaluators.
		#[pallet::constant]
		type MaxEvaluators: Get<u32>;

		/// The most evaluations one evaluator may have on one model at a time.
		#[pallet::constant]
		type MaxEvaluationsPerEvaluator: Get<u32>;

		/// The most accounts a model's owner may allow to evaluate it.
		#[pallet::constant]
		type MaxAllowedEvaluators: Get<u32>;

		/// Held from the owner for each account allowed to evaluate a model.
		#[pallet::constant]
		type AllowanceDeposit: Get<BalanceOf<Self>>;

		/// Held for every model, whatever its size.
		#[pallet::constant]
		type ModelDepositBase: Get<BalanceOf<Self>>;

		/// Held per byte of a model's name, version, URI, licence and encoded parents,
		/// inputs and consent basis.
		#[pallet::constant]
		type ModelDepositPerByte: Get<BalanceOf<Self>>;

		/// Held from an evaluator for each evaluation.
		#[pallet::constant]
		type EvaluationDeposit: Get<BalanceOf<Self>>;

		/// Held from the owner for each decision anchor.
		#[pallet::constant]
		type AnchorDeposit: Get<BalanceOf<Self>>;

		/// The most parents a run names.
		#[pallet::constant]
		type MaxParents: Get<u32>;

		/// The most datasets a run uses.
		#[pallet::constant]
		type MaxInputs: Get<u32>;

		/// The most grants a model's consent basis holds, its whole ancestry's included.
		#[pallet::constant]
		type MaxBasisGrants: Get<u32>;

		/// The longest model name, in bytes.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;

		/// The longest model version, in bytes.
		#[pallet::constant]
		type MaxVersionLen: Get<u32>;

		/// The longest URI, in bytes.
		#[pallet::constant]
		type MaxUriLen: Get<u32>;

		/// The longest SPDX licence expression, in bytes.
		#[pallet::constant]
		type MaxLicenseLen: Get<u32>;

		/// The longest evaluation metric name, in bytes.
		#[pallet::constant]
		type MaxMetricLen: Get<u32>;

		/// The most evaluations one model takes.
		#[pallet::constant]
		type MaxEvaluations: Get<u32>;

		/// The most decision anchors one model takes.
		#[pallet::constant]
		type MaxAnchors: Get<u32>;

		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A model record, held from its owner.
		ModelDeposit,
		/// An evaluation, held from its evaluator.
		EvaluationDeposit,
		/// A decision anchor, held from its submitter.
		AnchorDeposit,
		/// An account allowed to evaluate a model, held from whoever allowed it.
		AllowanceDeposit,
	}

	/// The id the next registered model gets.
	#[pallet::storage]
	pub type NextModelId<T> = StorageValue<_, ModelId, ValueQuery>;

	/// Every model ever registered, withdrawn ones included.
	#[pallet::storage]
	pub type Models<T: Config> = StorageMap<_, Twox64Concat, ModelId, ModelRecordOf<T>>;

	/// The model with each weights hash. A weights hash is registered once.
	#[pallet::storage]
	pub type ModelByWeightsHash<T> = StorageMap<_, Blake2_128Concat, H256, ModelId>;

	/// Lineage edges `(parent, child) -> kind`, so that a model's children can be listed.
	#[pallet::storage]
	pub type Children<T> =
		StorageDoubleMap<_, Twox64Concat, ModelId, Twox64Concat, ModelId, RunKind>;

	/// `(dataset, model) -> role`: the models whose own run used each dataset.
	#[pallet::storage]
	pub type DatasetModels<T> =
		StorageDoubleMap<_, Twox64Concat, DatasetId, Twox64Concat, ModelId, InputRole>;

	/// `(grant, model)`: every model whose consent basis holds the grant, that is every model
	/// a revocation of the grant taints.
	#[pallet::storage]
	pub type GrantModels<T> = StorageDoubleMap<_, Twox64Concat, GrantId, Twox64Concat, ModelId, ()>;

	/// How many models hold each grant in their consent basis: what its revocation taints,
	/// counted so that the consent pallet can report it without a walk.
	#[pallet::storage]
	pub type GrantModelCount<T> = StorageMap<_, Twox64Concat, GrantId, u32, ValueQuery>;

	/// Disputes governance opened over model registrations, kept once resolved.
	#[pallet::storage]
	pub type ModelDisputes<T: Config> = StorageMap<_, Twox64Concat, ModelId, ModelDisputeOf<T>>;

	/// The account each model is offered to, until it accepts or the owner cancels.
	#[pallet::storage]
	pub type PendingModelOwner<T: Config> = StorageMap<_, Twox64Concat, ModelId, T::AccountId>;

	/// The accredited evaluators.
	#[pallet::storage]
	pub type Evaluators<T: Config> = CountedStorageMap<_, Blake2_128Concat, T::AccountId, ()>;

	/// `(model, account)`: the accounts a model's owner allowed to evaluate it.
	#[pallet::storage]
	pub type AllowedEvaluators<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ModelId, Blake2_128Concat, T::AccountId, AllowanceOf<T>>;

	/// How many accounts each model's owner allowed to evaluate it.
	#[pallet::storage]
	pub type AllowedEvaluatorCount<T> = StorageMap<_, Twox64Concat, ModelId, u32, ValueQuery>;

	/// The evaluations of each model, numbered from 0 in the order they were recorded. The
	/// owner may remove some, leaving gaps.
	#[pallet::storage]
	pub type Evaluations<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ModelId, Twox64Concat, u32, EvaluationOf<T>>;

	/// The index each model's next evaluation gets.
	#[pallet::storage]
	pub type NextEvaluationIndex<T> = StorageMap<_, Twox64Concat, ModelId, u32, ValueQuery>;

	/// How many evaluations each model has now (removed ones not counted).
	#[pallet::storage]
	pub type EvaluationCount<T> = StorageMap<_, Twox64Concat, ModelId, u32, ValueQuery>;

	/// `(model, evaluator) -> n`: how many evaluations of the model each evaluator has now.
	#[pallet::storage]
	pub type EvaluationsBy<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ModelId, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The decision anchors of each model, numbered from 0 in the order they were made.
	#[pallet::storage]
	pub type DecisionAnchors<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ModelId, Twox64Concat, u32, DecisionAnchorOf<T>>;

	/// How many decision anchors each model has.
	#[pallet::storage]
	pub type AnchorCount<T> = StorageMap<_, Twox64Concat, ModelId, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A model was registered with a run naming `parents` parents and `inputs` datasets,
		/// and `deposit` held from its owner.
		ModelRegistered {
			id: ModelId,
			owner: T::AccountId,
			weights_hash: H256,
			kind: RunKind,
			parents: u32,
			inputs: u32,
			deposit: BalanceOf<T>,
		},
		/// `evaluator` recorded an evaluation of `model`, number `index` on it; `accredited`
		/// if they are an accredited evaluator.
		EvaluationRecorded {
			model: ModelId,
			index: u32,
			evaluator: T::AccountId,
			metric: BoundedVec<u8, T::MaxMetricLen>,
			value: i64,
			accredited: bool,
		},
		/// The owner removed evaluation `index` of `model`; its deposit went back to
		/// `evaluator`.
		EvaluationRemoved { model: ModelId, index: u32, evaluator: T::AccountId },
		/// `who` is an accredited evaluator.
		EvaluatorAdded { who: T::AccountId },
		/// `who` is no longer an accredited evaluator. Their evaluations stay, marked as
		/// accredited when made.
		EvaluatorRemoved { who: T::AccountId },
		/// The owner allowed `who` to evaluate `model`.
		EvaluatorAllowed { model: ModelId, who: T::AccountId },
		/// `who` may no longer evaluate `model` unless accredited.
		EvaluatorDisallowed { model: ModelId, who: T::AccountId },
		/// The owner offered the model to `to`; nothing moves until `to` accepts.
		ModelTransferProposed { model: ModelId, from: T::AccountId, to: T::AccountId },
		/// The owner withdrew the offer of the model to `to`.
		ModelTransferCancelled { model: ModelId, to: T::AccountId },
		/// Governance marked the registration disputed, with the evidence hashed.
		ModelDisputed { model: ModelId, evidence_hash: H256 },
		/// Governance resolved the dispute, leaving the model with its owner.
		ModelDisputeDismissed { model: ModelId },
		/// Governance resolved the dispute by giving the model, and the deposit held for it,
		/// to `to`. Any pending offer is cleared.
		ModelReassigned { model: ModelId, from: T::AccountId, to: T::AccountId },
		/// The model is deprecated: still usable as a parent.
		ModelDeprecated { model: ModelId },
		/// The model is withdrawn: no new derivatives or anchors.
		ModelWithdrawn { model: ModelId },
		/// `to` accepted the model: they own it now and hold its deposit.
		ModelTransferred { model: ModelId, from: T::AccountId, to: T::AccountId },
		/// A batch of `count` decisions was anchored to `model` as anchor number `index`.
		DecisionsAnchored { model: ModelId, index: u32, merkle_root: H256, count: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No model has this id.
		UnknownModel,
		/// Only the model's owner may do this.
		NotOwner,
		/// A model with this weights hash is already registered.
		DuplicateWeights,
		/// The licence is empty or has characters SPDX expressions do not use.
		InvalidLicense,
		/// A run must name at least one parent or one dataset.
		NoInputs,
		/// A parent is named twice.
		DuplicateParent,
		/// A dataset is named twice.
		DuplicateInput,
		/// A parent does not exist (yet).
		UnknownParent,
		/// A parent is withdrawn.
		ParentWithdrawn,
		/// A parent's policy lets only its owner derive from it.
		DerivativeNotAllowed,
		/// A parent's ancestry holds a revoked grant: nothing new may be built on it.
		TaintedParent,
		/// A parent's ancestry holds a grant that has expired.
		InheritedConsentExpired,
		/// A parent's ancestry holds a grant that does not cover this run's purpose.
		InheritedPurposeNotCovered,
		/// A parent's ancestry holds a grant whose terms do not let the registrant derive.
		InheritedDerivationNotAllowed,
		/// The consent basis would hold more than `MaxBasisGrants` grants.
		TooManyBasisGrants,
		/// The account cannot afford the deposit.
		InsufficientDeposit,
		/// Every model id has been used.
		NoIdsLeft,
		/// The model has the most evaluations it can take.
		TooManyEvaluations,
		/// The model is not active.
		NotActive,
		/// The model is already withdrawn.
		AlreadyWithdrawn,
		/// The account already owns the model.
		AlreadyOwner,
		/// An anchor must commit to at least one decision.
		EmptyAnchor,
		/// The model is withdrawn.
		Withdrawn,
		/// The model has the most decision anchors it can take.
		TooManyAnchors,
		/// The model has no pending transfer.
		NoPendingTransfer,
		/// The model is offered to another account.
		NotPendingOwner,
		/// Only the owner, accredited evaluators and accounts the owner allowed may evaluate
		/// a model.
		NotEvaluator,
		/// The evaluator has the most evaluations of this model it may have.
		TooManyEvaluationsBy,
		/// The account is already an accredited evaluator.
		AlreadyEvaluator,
		/// The set of accredited evaluators is full.
		TooManyEvaluators,
		/// The account is not an accredited evaluator.
		UnknownEvaluator,
		/// The account is already allowed to evaluate the model.
		AlreadyAllowed,
		/// The account is not allowed to evaluate the model.
		NotAllowedEvaluator,
		/// The model has allowed the most evaluators it may.
		TooManyAllowedEvaluators,
		/// The model has no evaluation with this index.
		UnknownEvaluation,
		/// An accredited evaluator's evaluation cannot be removed by the model's owner.
		AccreditedEvaluation,
		/// The registration is already under an open dispute.
		AlreadyDisputed,
		/// The registration has no open dispute.
		NotDisputed,
		/// The consent basis would hold more grants than the registrant's `max_basis`.
		BasisAboveBound,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			// Registrations need a licence; the benchmarks need parents and inputs.
			assert!(T::MaxLicenseLen::get() > 0, "MaxLicenseLen must be at least 1");
			assert!(T::MaxParents::get() > 0, "MaxParents must be at least 1");
			assert!(T::MaxInputs::get() > 0, "MaxInputs must be at least 1");
			// A run with every input it may name must fit its own grants in its basis.
			assert!(
				T::MaxBasisGrants::get() >= T::MaxInputs::get(),
				"MaxBasisGrants must be at least MaxInputs"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a model owned and trained by the signer, and the run that produced it:
		/// `parents` (existing models, each with how this one derives from it) and `inputs`
		/// (datasets, each with the grant it was used under for `purpose`). Each input's
		/// grant is consumed in the consent pallet with a job hash of the weights and config
		/// hashes. The model's consent basis is the sorted union of its inputs' grants and
		/// its parents' bases. Holds the model deposit from the signer.
		///
		/// `max_basis` is the most grants the signer expects that basis to hold (at most
		/// the sum of the parents' basis sizes, the inputs' derivation bases and the
		/// inputs): the call is charged up front for that many, and the rest refunded.
		///
		/// Checks are made in the order of the errors below; the ones that consume consent
		/// come after every check that does not, and a failure undoes any consumption.
		///
		/// - Origin: signed.
		/// - Errors: `DuplicateWeights`, `InvalidLicense`, `NoInputs`, `DuplicateParent`,
		///   `DuplicateInput`; per parent `UnknownParent`, `ParentWithdrawn`,
		///   `DerivativeNotAllowed`; `TooManyBasisGrants`; `BasisAboveBound`; per inherited
		///   grant, in grant order, `TaintedParent` (revoked), `InheritedConsentExpired`,
		///   `InheritedPurposeNotCovered`, `InheritedDerivationNotAllowed`; the royalty
		///   pallet's refusal (`BelowParentMinimum`: the parents' minimum royalty shares
		///   cannot all be met); `NoIdsLeft`; per input the consent pallet's error (e.g.
		///   `UnknownGrant`, `GrantDatasetMismatch`, `NotGrantee`, `ConsentRevoked`,
		///   `ConsentExpired`, `PurposeNotCovered`, `UsesExhausted`); `InsufficientDeposit`.
		/// - Events: `ModelRegistered`, then the royalty pallet's (`RoyaltyPolicySet`, when
		///   the parents' minimums raise the starting policy above the default).
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::register_weight(
			Pallet::<T>::text_len(name, version, uri),
			parents.len() as u32,
			inputs.len() as u32,
			(*max_basis).min(T::MaxBasisGrants::get()),
		))]
		pub fn register_model(
			origin: OriginFor<T>,
			weights_hash: H256,
			name: BoundedVec<u8, T::MaxNameLen>,
			version: BoundedVec<u8, T::MaxVersionLen>,
			uri: BoundedVec<u8, T::MaxUriLen>,
			license: BoundedVec<u8, T::MaxLicenseLen>,
			card_hash: H256,
			policy: DerivativePolicy,
			kind: RunKind,
			parents: ParentsOf<T>,
			inputs: InputsOf<T>,
			purpose: Purpose,
			config_hash: H256,
			code_hash: H256,
			compute_provider: Option<T::AccountId>,
			max_parent_share: Perbill,
			max_basis: u32,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let n = Self::text_len(&name, &version, &uri);
			let (p, i) = (parents.len() as u32, inputs.len() as u32);
			let id = Self::do_register_model(
				who,
				ModelSpec { weights_hash, name, version, uri, license, card_hash, policy },
				RunSpec {
					kind,
					parents,
					inputs,
					purpose,
					config_hash,
					code_hash,
					compute_provider,
					max_parent_share,
					max_basis,
				},
			)?;
			// Charge for the basis actually written, not the bound.
			let b = Models::<T>::get(id).map_or(0, |m| m.consent_basis.len() as u32);
			Ok(Some(Self::register_weight(n, p, i, b)).into())
		}

		/// Records an evaluation of `model` by the signer: `value` of `metric`, in millionths,
		/// backed by the report hashed in `evidence_hash`. If `benchmark` names a dataset and
		/// grant, the grant is consumed for `Purpose::Evaluation`. Holds
		/// `EvaluationDeposit` from the signer. Withdrawn models may be evaluated. The
		/// record says whether the signer is an accredited evaluator.
		///
		/// - Origin: signed by the model's owner, an accredited evaluator, or an account the
		///   owner allowed.
		/// - Errors: `UnknownModel`, `NotEvaluator`, `TooManyEvaluations`,
		///   `TooManyEvaluationsBy`, the consent pallet's error for the benchmark grant,
		///   `InsufficientDeposit`.
		/// - Events: `EvaluationRecorded`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::record_evaluation(metric.len() as u32))]
		pub fn record_evaluation(
			origin: OriginFor<T>,
			model: ModelId,
			benchmark: Option<(DatasetId, GrantId)>,
			metric: BoundedVec<u8, T::MaxMetricLen>,
			value: i64,
			evidence_hash: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_record_evaluation(who, model, benchmark, metric, value, evidence_hash)
				.map(|_| ())
		}

		/// Marks an active model deprecated. It may still be used as a parent.
		///
		/// - Origin: signed by the owner.
		/// - Errors: `UnknownModel`, `NotOwner`, `NotActive`.
		/// - Events: `ModelDeprecated`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::deprecate_model())]
		pub fn deprecate_model(origin: OriginFor<T>, model: ModelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_deprecate_model(&who, model)
		}

		/// Withdraws an active or deprecated model: no model may derive from it and no
		/// decisions may be anchored to it from now on. The record and its deposit stay.
		///
		/// - Origin: signed by the owner.
		/// - Errors: `UnknownModel`, `NotOwner`, `AlreadyWithdrawn`.
		/// - Events: `ModelWithdrawn`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::withdraw_model())]
		pub fn withdraw_model(origin: OriginFor<T>, model: ModelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_model(&who, model)
		}

		/// Offers the model to `new_owner`, replacing any earlier offer. Nothing moves until
		/// they accept with `accept_model`: a model cannot be pushed onto an account.
		///
		/// - Origin: signed by the owner.
		/// - Errors: `UnknownModel`, `NotOwner`, `AlreadyOwner`.
		/// - Events: `ModelTransferProposed`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::transfer_model())]
		pub fn transfer_model(
			origin: OriginFor<T>,
			model: ModelId,
			new_owner: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_transfer_model(who, model, new_owner)
		}

		/// Anchors a batch of `count` decisions made with the model, committed to by
		/// `merkle_root`. Holds `AnchorDeposit` from the signer.
		///
		/// - Origin: signed by the owner (the model's operator).
		/// - Errors: `UnknownModel`, `NotOwner`, `EmptyAnchor`, `Withdrawn`, `TooManyAnchors`,
		///   `InsufficientDeposit`.
		/// - Events: `DecisionsAnchored`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::anchor_decisions())]
		pub fn anchor_decisions(
			origin: OriginFor<T>,
			model: ModelId,
			merkle_root: H256,
			count: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_anchor_decisions(who, model, merkle_root, count).map(|_| ())
		}

		/// Accepts the model offered to the signer: its deposit is held from them and
		/// released to the old owner, and every evaluator allowance the old owner made is
		/// removed (deposits back to whoever paid them). If they cannot pay, nothing changes.
		///
		/// - Origin: signed by the account the model is offered to.
		/// - Errors: `UnknownModel`, `NoPendingTransfer`, `NotPendingOwner`,
		///   `InsufficientDeposit`.
		/// - Events: `ModelTransferred`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::accept_model(T::MaxAllowedEvaluators::get()))]
		pub fn accept_model(origin: OriginFor<T>, model: ModelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_model(who, model)
		}

		/// Withdraws the offer of the model.
		///
		/// - Origin: signed by the owner.
		/// - Errors: `UnknownModel`, `NotOwner`, `NoPendingTransfer`.
		/// - Events: `ModelTransferCancelled`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::cancel_model_transfer())]
		pub fn cancel_model_transfer(origin: OriginFor<T>, model: ModelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_model_transfer(&who, model)
		}

		/// Accredits `who` as an evaluator of every model.
		///
		/// - Origin: `EvaluatorOrigin`.
		/// - Errors: `AlreadyEvaluator`, `TooManyEvaluators`.
		/// - Events: `EvaluatorAdded`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::add_evaluator())]
		pub fn add_evaluator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::EvaluatorOrigin::ensure_origin(origin)?;
			Self::do_add_evaluator(who)
		}

		/// Withdraws `who`'s accreditation. Their evaluations stay.
		///
		/// - Origin: `EvaluatorOrigin`.
		/// - Errors: `UnknownEvaluator`.
		/// - Events: `EvaluatorRemoved`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::remove_evaluator())]
		pub fn remove_evaluator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::EvaluatorOrigin::ensure_origin(origin)?;
			Self::do_remove_evaluator(who)
		}

		/// Lets `who` record evaluations of `model`. Holds `AllowanceDeposit` from the
		/// signer.
		///
		/// - Origin: signed by the owner.
		/// - Errors: `UnknownModel`, `NotOwner`, `AlreadyOwner` (the owner may always
		///   evaluate), `AlreadyAllowed`, `TooManyAllowedEvaluators`, `InsufficientDeposit`.
		/// - Events: `EvaluatorAllowed`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::allow_evaluator())]
		pub fn allow_evaluator(
			origin: OriginFor<T>,
			model: ModelId,
			who: T::AccountId,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_allow_evaluator(owner, model, who)
		}

		/// Stops `who` recording evaluations of `model` (unless accredited). The deposit goes
		/// back to whoever allowed them. Their evaluations stay until the owner removes them.
		///
		/// - Origin: signed by the owner.
		/// - Errors: `UnknownModel`, `NotOwner`, `NotAllowedEvaluator`.
		/// - Events: `EvaluatorDisallowed`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::disallow_evaluator())]
		pub fn disallow_evaluator(
			origin: OriginFor<T>,
			model: ModelId,
			who: T::AccountId,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_disallow_evaluator(&owner, model, who)
		}

		/// Removes evaluation `index` of `model`, e.g. spam; its deposit goes back to its
		/// evaluator, and its slot is free again. Evaluations by accredited evaluators stay.
		///
		/// - Origin: signed by the owner.
		/// - Errors: `UnknownModel`, `NotOwner`, `UnknownEvaluation`, `AccreditedEvaluation`.
		/// - Events: `EvaluationRemoved`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::remove_evaluation())]
		pub fn remove_evaluation(
			origin: OriginFor<T>,
			model: ModelId,
			index: u32,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_remove_evaluation(&owner, model, index)
		}

		/// Marks the registration disputed, say a weights hash squatted from the pool. The
		/// model and its lineage stay usable and readable; every query and export flags it.
		///
		/// - Origin: `DisputeOrigin`.
		/// - Errors: `UnknownModel`, `AlreadyDisputed`.
		/// - Events: `ModelDisputed`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::dispute_model())]
		pub fn dispute_model(
			origin: OriginFor<T>,
			model: ModelId,
			evidence_hash: H256,
		) -> DispatchResult {
			T::DisputeOrigin::ensure_origin(origin)?;
			Self::do_dispute_model(model, evidence_hash)
		}

		/// Resolves an open dispute: with `reassign_to`, gives the model and the deposit held
		/// for it to that account, clearing any pending offer; without, dismisses it. The
		/// dispute stays on record either way.
		///
		/// - Origin: `DisputeOrigin`.
		/// - Errors: `UnknownModel`, `NotDisputed`.
		/// - Events: `ModelReassigned` or `ModelDisputeDismissed`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::resolve_model_dispute())]
		pub fn resolve_model_dispute(
			origin: OriginFor<T>,
			model: ModelId,
			reassign_to: Option<T::AccountId>,
		) -> DispatchResult {
			T::DisputeOrigin::ensure_origin(origin)?;
			Self::do_resolve_model_dispute(model, reassign_to)
		}
	}
}
