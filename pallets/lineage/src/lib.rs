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
//! - A run may not derive from a parent whose basis holds a revoked grant that covered the
//!   run's purpose (`TaintedParent`); a run for a purpose the revoked grant never covered
//!   may.
//! - A parent's owner decides who may derive from it ([`DerivativePolicy`]); withdrawn models
//!   may not be derived from.
//! - Anyone may record an evaluation of a model (consuming consent on the benchmark dataset,
//!   for `Purpose::Evaluation`, if one is named); the owner may anchor batches of the model's
//!   decisions by Merkle root.
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
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

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
	check_page_size, ConsentInspect, DatasetId, DatasetInspect, GrantId, ModelId, Page, Purpose,
	QueryError, RoyaltyRegistration,
};
use sp_core::H256;
use sp_runtime::traits::{BlakeTwo256, Hash, Saturating, Zero};

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A run's parents and how the model derives from each.
pub type ParentsOf<T> = BoundedVec<(ModelId, RunKind), <T as Config>::MaxParents>;

/// A run's datasets and the grants they were used under.
pub type InputsOf<T> = BoundedVec<TrainingInput, <T as Config>::MaxInputs>;

/// A model's consent basis.
pub type BasisOf<T> = BoundedVec<GrantId, <T as Config>::MaxBasisGrants>;

/// A model's evaluation and decision anchor views.
pub type EvaluationInfoOf<T> =
	EvaluationInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
pub type AnchorInfoOf<T> =
	AnchorInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
pub type ModelInfoOf<T> =
	ModelInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

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

	/// The evaluations of each model, numbered from 0 in the order they were recorded.
	#[pallet::storage]
	pub type Evaluations<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ModelId, Twox64Concat, u32, EvaluationOf<T>>;

	/// How many evaluations each model has.
	#[pallet::storage]
	pub type EvaluationCount<T> = StorageMap<_, Twox64Concat, ModelId, u32, ValueQuery>;

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
		/// `evaluator` recorded an evaluation of `model`, number `index` on it.
		EvaluationRecorded {
			model: ModelId,
			index: u32,
			evaluator: T::AccountId,
			metric: BoundedVec<u8, T::MaxMetricLen>,
			value: i64,
		},
		/// The model is deprecated: still usable as a parent.
		ModelDeprecated { model: ModelId },
		/// The model is withdrawn: no new derivatives or anchors.
		ModelWithdrawn { model: ModelId },
		/// `to` now owns the model and holds its deposit.
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
		/// A parent's ancestry used a grant, since revoked, that covered this run's purpose.
		TaintedParent,
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
		/// Checks are made in the order of the errors below; the ones that consume consent
		/// come after every check that does not, and a failure undoes any consumption.
		///
		/// - Origin: signed.
		/// - Errors: `DuplicateWeights`, `InvalidLicense`, `NoInputs`, `DuplicateParent`,
		///   `DuplicateInput`; per parent `UnknownParent`, `ParentWithdrawn`,
		///   `DerivativeNotAllowed`; `TooManyBasisGrants`, `TaintedParent`; the royalty
		///   pallet's refusal (`BelowParentMinimum`: the parents' minimum royalty shares
		///   cannot all be met); `NoIdsLeft`; per input the consent pallet's error (e.g.
		///   `UnknownGrant`, `GrantDatasetMismatch`, `NotGrantee`, `ConsentRevoked`,
		///   `ConsentExpired`, `PurposeNotCovered`, `UsesExhausted`); `InsufficientDeposit`.
		/// - Events: `ModelRegistered`, then the royalty pallet's (`RoyaltyPolicySet`, when
		///   the parents' minimums raise the starting policy above the default).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_model(
			Pallet::<T>::text_len(name, version, uri),
			parents.len() as u32,
			inputs.len() as u32,
			T::MaxBasisGrants::get(),
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
				},
			)?;
			// Charge for the basis actually written, not the largest one.
			let b = Models::<T>::get(id).map_or(0, |m| m.consent_basis.len() as u32);
			Ok(Some(T::WeightInfo::register_model(n, p, i, b)).into())
		}

		/// Records an evaluation of `model` by the signer: `value` of `metric`, in millionths,
		/// backed by the report hashed in `evidence_hash`. If `benchmark` names a dataset and
		/// grant, the grant is consumed for `Purpose::Evaluation`. Holds
		/// `EvaluationDeposit` from the signer. Withdrawn models may be evaluated.
		///
		/// - Origin: signed.
		/// - Errors: `UnknownModel`, `TooManyEvaluations`, the consent pallet's error for the
		///   benchmark grant, `InsufficientDeposit`.
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

		/// Gives the model to `new_owner`: its deposit is held from them and released to the
		/// signer. If they cannot pay, nothing changes.
		///
		/// - Origin: signed by the owner.
		/// - Errors: `UnknownModel`, `NotOwner`, `AlreadyOwner`, `InsufficientDeposit`.
		/// - Events: `ModelTransferred`.
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
	}
}

/// The model's own fields, as `register_model` takes them.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
pub struct ModelSpec<T: Config> {
	pub weights_hash: H256,
	pub name: BoundedVec<u8, T::MaxNameLen>,
	pub version: BoundedVec<u8, T::MaxVersionLen>,
	pub uri: BoundedVec<u8, T::MaxUriLen>,
	pub license: BoundedVec<u8, T::MaxLicenseLen>,
	pub card_hash: H256,
	pub policy: DerivativePolicy,
}

/// The training run's fields, as `register_model` takes them.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
pub struct RunSpec<T: Config> {
	pub kind: RunKind,
	pub parents: ParentsOf<T>,
	pub inputs: InputsOf<T>,
	pub purpose: Purpose,
	pub config_hash: H256,
	pub code_hash: H256,
	pub compute_provider: Option<T::AccountId>,
}

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The bytes of a model's name, version and URI: the weight's `n` component.
	pub fn text_len(
		name: &BoundedVec<u8, T::MaxNameLen>,
		version: &BoundedVec<u8, T::MaxVersionLen>,
		uri: &BoundedVec<u8, T::MaxUriLen>,
	) -> u32 {
		u32::try_from(name.len().saturating_add(version.len()).saturating_add(uri.len()))
			.unwrap_or(u32::MAX)
	}

	/// The deposit for a model record with these variable-length fields.
	pub fn model_deposit(
		text_len: usize,
		license_len: usize,
		parents: &ParentsOf<T>,
		inputs: &InputsOf<T>,
		basis: &BasisOf<T>,
	) -> BalanceOf<T> {
		let bytes = text_len
			.saturating_add(license_len)
			.saturating_add(parents.encoded_size())
			.saturating_add(inputs.encoded_size())
			.saturating_add(basis.encoded_size());
		let bytes = u32::try_from(bytes).unwrap_or(u32::MAX);
		T::ModelDepositBase::get()
			.saturating_add(T::ModelDepositPerByte::get().saturating_mul(bytes.into()))
	}

	/// The hash a training run's consent uses are logged with.
	pub fn training_job_hash(weights_hash: &H256, config_hash: &H256) -> H256 {
		BlakeTwo256::hash_of(&(weights_hash, config_hash))
	}

	/// The hash an evaluation's consent use is logged with.
	pub fn evaluation_job_hash(model: ModelId, index: u32, evidence_hash: &H256) -> H256 {
		BlakeTwo256::hash_of(&(model, index, evidence_hash))
	}

	/// Holds `amount` from `who`, reporting a shortfall as `InsufficientDeposit`.
	fn hold(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::hold(&reason.into(), who, amount).map_err(|e| match e {
			DispatchError::Token(_) => Error::<T>::InsufficientDeposit.into(),
			other => other,
		})
	}

	/// Releases exactly `amount` held from `who`.
	fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::release(&reason.into(), who, amount, Precision::Exact).map(|_| ())
	}

	/// Whether a parent's basis holds a revoked grant that covered `purpose`.
	fn is_tainted_for(grant: GrantId, purpose: Purpose) -> bool {
		T::Consent::revoked_at(grant).is_some()
			&& T::Consent::purposes(grant).is_some_and(|purposes| purposes.contains(&purpose))
	}

	/// Registers a model for `owner`; returns its id. See [`Pallet::register_model`].
	///
	/// Runs in its own storage layer, so that a failure after some grants were consumed
	/// undoes those uses even when called from outside a dispatchable.
	pub fn do_register_model(
		owner: T::AccountId,
		model: ModelSpec<T>,
		run: RunSpec<T>,
	) -> Result<ModelId, DispatchError> {
		frame_support::storage::with_storage_layer(|| Self::register(owner, model, run))
	}

	fn register(
		owner: T::AccountId,
		model: ModelSpec<T>,
		run: RunSpec<T>,
	) -> Result<ModelId, DispatchError> {
		let ModelSpec { weights_hash, name, version, uri, license, card_hash, policy } = model;
		let RunSpec { kind, parents, inputs, purpose, config_hash, code_hash, compute_provider } =
			run;
		ensure!(!ModelByWeightsHash::<T>::contains_key(weights_hash), Error::<T>::DuplicateWeights);
		ensure!(provenance_primitives::is_valid_license(&license), Error::<T>::InvalidLicense);
		ensure!(!(parents.is_empty() && inputs.is_empty()), Error::<T>::NoInputs);
		let mut seen = BTreeSet::new();
		ensure!(parents.iter().all(|(p, _)| seen.insert(*p)), Error::<T>::DuplicateParent);
		let mut seen = BTreeSet::new();
		ensure!(inputs.iter().all(|i| seen.insert(i.dataset)), Error::<T>::DuplicateInput);

		// Parents must exist already, so no model can be its own ancestor.
		let mut inherited = BTreeSet::new();
		for (parent_id, _) in &parents {
			let parent = Models::<T>::get(parent_id).ok_or(Error::<T>::UnknownParent)?;
			ensure!(parent.status != ModelStatus::Withdrawn, Error::<T>::ParentWithdrawn);
			ensure!(
				parent.policy != DerivativePolicy::OwnerOnly || parent.owner == owner,
				Error::<T>::DerivativeNotAllowed
			);
			inherited.extend(parent.consent_basis);
		}
		// Bounding the basis before the taint scan bounds the scan's reads too.
		let mut basis = inherited.clone();
		basis.extend(inputs.iter().map(|i| i.grant));
		let basis: BasisOf<T> = BoundedVec::try_from(basis.into_iter().collect::<Vec<_>>())
			.map_err(|_| Error::<T>::TooManyBasisGrants)?;
		ensure!(
			!inherited.iter().any(|grant| Self::is_tainted_for(*grant, purpose)),
			Error::<T>::TaintedParent
		);
		let parent_ids: Vec<ModelId> = parents.iter().map(|(parent, _)| *parent).collect();
		T::Royalties::ensure_may_derive(&parent_ids)?;
		let id = NextModelId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::NoIdsLeft)?;

		let job_hash = Self::training_job_hash(&weights_hash, &config_hash);
		for input in &inputs {
			T::Consent::consume(input.grant, input.dataset, &owner, purpose, job_hash)?;
		}
		let text_len = Self::text_len(&name, &version, &uri) as usize;
		let deposit = Self::model_deposit(text_len, license.len(), &parents, &inputs, &basis);
		Self::hold(HoldReason::ModelDeposit, &owner, deposit)?;

		for (parent_id, parent_kind) in &parents {
			Children::<T>::insert(parent_id, id, parent_kind);
		}
		for input in &inputs {
			DatasetModels::<T>::insert(input.dataset, id, input.role);
		}
		for grant in &basis {
			GrantModels::<T>::insert(grant, id, ());
		}
		let (parent_count, input_count) = (parents.len() as u32, inputs.len() as u32);
		let now = Self::now();
		Models::<T>::insert(
			id,
			ModelRecord {
				owner: owner.clone(),
				weights_hash,
				name,
				version,
				uri,
				license,
				card_hash,
				policy,
				status: ModelStatus::Active,
				created_at: now,
				deposit,
				run: TrainingRun {
					trainer: owner.clone(),
					kind,
					parents,
					inputs,
					purpose,
					config_hash,
					code_hash,
					compute_provider,
					at: now,
				},
				consent_basis: basis,
			},
		);
		ModelByWeightsHash::<T>::insert(weights_hash, id);
		NextModelId::<T>::put(next_id);
		Self::deposit_event(Event::ModelRegistered {
			id,
			owner,
			weights_hash,
			kind,
			parents: parent_count,
			inputs: input_count,
			deposit,
		});
		T::Royalties::on_model_registered(id, &parent_ids);
		Ok(id)
	}

	/// Records an evaluation by `evaluator`; returns its index. See
	/// [`Pallet::record_evaluation`]. Runs in its own storage layer, like
	/// [`Self::do_register_model`].
	pub fn do_record_evaluation(
		evaluator: T::AccountId,
		model: ModelId,
		benchmark: Option<(DatasetId, GrantId)>,
		metric: BoundedVec<u8, T::MaxMetricLen>,
		value: i64,
		evidence_hash: H256,
	) -> Result<u32, DispatchError> {
		frame_support::storage::with_storage_layer(|| {
			ensure!(Models::<T>::contains_key(model), Error::<T>::UnknownModel);
			let index = EvaluationCount::<T>::get(model);
			ensure!(index < T::MaxEvaluations::get(), Error::<T>::TooManyEvaluations);
			if let Some((dataset, grant)) = benchmark {
				let job_hash = Self::evaluation_job_hash(model, index, &evidence_hash);
				T::Consent::consume(grant, dataset, &evaluator, Purpose::Evaluation, job_hash)?;
			}
			let deposit = T::EvaluationDeposit::get();
			Self::hold(HoldReason::EvaluationDeposit, &evaluator, deposit)?;
			Evaluations::<T>::insert(
				model,
				index,
				Evaluation {
					evaluator: evaluator.clone(),
					dataset: benchmark,
					metric: metric.clone(),
					value,
					evidence_hash,
					at: Self::now(),
					deposit,
				},
			);
			EvaluationCount::<T>::insert(model, index.saturating_add(1));
			Self::deposit_event(Event::EvaluationRecorded {
				model,
				index,
				evaluator,
				metric,
				value,
			});
			Ok(index)
		})
	}

	/// See [`Pallet::deprecate_model`].
	pub fn do_deprecate_model(who: &T::AccountId, model: ModelId) -> DispatchResult {
		Models::<T>::try_mutate(model, |maybe| -> DispatchResult {
			let record = maybe.as_mut().ok_or(Error::<T>::UnknownModel)?;
			ensure!(&record.owner == who, Error::<T>::NotOwner);
			ensure!(record.status == ModelStatus::Active, Error::<T>::NotActive);
			record.status = ModelStatus::Deprecated;
			Ok(())
		})?;
		Self::deposit_event(Event::ModelDeprecated { model });
		Ok(())
	}

	/// See [`Pallet::withdraw_model`].
	pub fn do_withdraw_model(who: &T::AccountId, model: ModelId) -> DispatchResult {
		Models::<T>::try_mutate(model, |maybe| -> DispatchResult {
			let record = maybe.as_mut().ok_or(Error::<T>::UnknownModel)?;
			ensure!(&record.owner == who, Error::<T>::NotOwner);
			ensure!(record.status != ModelStatus::Withdrawn, Error::<T>::AlreadyWithdrawn);
			record.status = ModelStatus::Withdrawn;
			Ok(())
		})?;
		Self::deposit_event(Event::ModelWithdrawn { model });
		Ok(())
	}

	/// See [`Pallet::transfer_model`].
	pub fn do_transfer_model(
		who: T::AccountId,
		model: ModelId,
		new_owner: T::AccountId,
	) -> DispatchResult {
		Models::<T>::try_mutate(model, |maybe| -> DispatchResult {
			let record = maybe.as_mut().ok_or(Error::<T>::UnknownModel)?;
			ensure!(record.owner == who, Error::<T>::NotOwner);
			ensure!(new_owner != who, Error::<T>::AlreadyOwner);
			// Hold from the new owner first: if they cannot pay, nothing has moved.
			Self::hold(HoldReason::ModelDeposit, &new_owner, record.deposit)?;
			Self::release(HoldReason::ModelDeposit, &who, record.deposit)?;
			record.owner = new_owner.clone();
			Ok(())
		})?;
		Self::deposit_event(Event::ModelTransferred { model, from: who, to: new_owner });
		Ok(())
	}

	/// Anchors a batch of decisions by `who`; returns its index. See
	/// [`Pallet::anchor_decisions`].
	pub fn do_anchor_decisions(
		who: T::AccountId,
		model: ModelId,
		merkle_root: H256,
		count: u32,
	) -> Result<u32, DispatchError> {
		let record = Models::<T>::get(model).ok_or(Error::<T>::UnknownModel)?;
		ensure!(record.owner == who, Error::<T>::NotOwner);
		ensure!(count > 0, Error::<T>::EmptyAnchor);
		ensure!(record.status != ModelStatus::Withdrawn, Error::<T>::Withdrawn);
		let index = AnchorCount::<T>::get(model);
		ensure!(index < T::MaxAnchors::get(), Error::<T>::TooManyAnchors);
		let deposit = T::AnchorDeposit::get();
		Self::hold(HoldReason::AnchorDeposit, &who, deposit)?;
		DecisionAnchors::<T>::insert(
			model,
			index,
			DecisionAnchor { submitter: who, merkle_root, count, at: Self::now(), deposit },
		);
		AnchorCount::<T>::insert(model, index.saturating_add(1));
		Self::deposit_event(Event::DecisionsAnchored { model, index, merkle_root, count });
		Ok(index)
	}
}

/// A lineage graph being built, with the node cap enforced.
#[derive(Default)]
struct GraphBuilder {
	graph: LineageGraph,
	seen: BTreeSet<LineageNode>,
}

impl GraphBuilder {
	/// Adds `node` unless already there; says whether it was new. Over the cap is an error.
	fn node(&mut self, node: LineageNode) -> Result<bool, QueryError> {
		if self.seen.contains(&node) {
			return Ok(false);
		}
		let count = self.graph.nodes.len() as u32;
		if count >= MAX_GRAPH_NODES {
			return Err(QueryError::LimitTooLarge {
				requested: count.saturating_add(1),
				max: MAX_GRAPH_NODES,
			});
		}
		self.seen.insert(node);
		self.graph.nodes.push(node);
		Ok(true)
	}

	fn edge(&mut self, from: LineageNode, to: LineageNode, kind: EdgeKind) {
		self.graph.edges.push(LineageEdge { from, to, kind });
	}
}

fn check_depth(max_depth: u32) -> Result<(), QueryError> {
	if max_depth > MAX_GRAPH_DEPTH {
		Err(QueryError::LimitTooLarge { requested: max_depth, max: MAX_GRAPH_DEPTH })
	} else {
		Ok(())
	}
}

/// Queries for the runtime API. Each reads a bounded amount of state: graphs stop at
/// [`MAX_GRAPH_DEPTH`] model hops and [`MAX_GRAPH_NODES`] nodes, pages at
/// [`provenance_primitives::MAX_PAGE_SIZE`] items.
impl<T: Config> Pallet<T> {
	fn to_info(id: ModelId, record: ModelRecordOf<T>) -> ModelInfoOf<T> {
		let run = record.run;
		ModelInfo {
			id,
			owner: record.owner,
			weights_hash: record.weights_hash,
			name: record.name.into_inner(),
			version: record.version.into_inner(),
			uri: record.uri.into_inner(),
			license: record.license.into_inner(),
			card_hash: record.card_hash,
			policy: record.policy,
			status: record.status,
			created_at: record.created_at,
			deposit: record.deposit,
			run: TrainingRunInfo {
				trainer: run.trainer,
				kind: run.kind,
				parents: run.parents.into_inner(),
				inputs: run.inputs.into_inner(),
				purpose: run.purpose,
				config_hash: run.config_hash,
				code_hash: run.code_hash,
				compute_provider: run.compute_provider,
				at: run.at,
			},
			consent_basis: record.consent_basis.into_inner(),
		}
	}

	/// The model with this id.
	pub fn model_info(id: ModelId) -> Option<ModelInfoOf<T>> {
		Models::<T>::get(id).map(|record| Self::to_info(id, record))
	}

	/// What `model` came from: its parents through `DerivedFrom` edges up to `max_depth`
	/// model hops, and for every model reached its datasets (`TrainedOn`), the grants they
	/// were used under (`UsedGrant`) and the grants' datasets (`GrantOn`). Depth 0 is the
	/// model and its own inputs.
	pub fn ancestors(model: ModelId, max_depth: u32) -> Result<LineageGraph, QueryError> {
		check_depth(max_depth)?;
		ensure!(Models::<T>::contains_key(model), QueryError::UnknownModel(model));
		let mut g = GraphBuilder::default();
		g.node(LineageNode::Model(model))?;
		let mut queue = VecDeque::from([(model, 0u32)]);
		while let Some((id, depth)) = queue.pop_front() {
			let Some(record) = Models::<T>::get(id) else { continue };
			let from = LineageNode::Model(id);
			for input in record.run.inputs {
				let dataset = LineageNode::Dataset(input.dataset);
				let grant = LineageNode::Grant(input.grant);
				g.node(dataset)?;
				g.edge(from, dataset, EdgeKind::TrainedOn(input.role));
				if g.node(grant)? {
					g.edge(grant, dataset, EdgeKind::GrantOn);
				}
				g.edge(from, grant, EdgeKind::UsedGrant);
			}
			if depth < max_depth {
				for (parent, kind) in record.run.parents {
					if g.node(LineageNode::Model(parent))? {
						queue.push_back((parent, depth.saturating_add(1)));
					}
					g.edge(from, LineageNode::Model(parent), EdgeKind::DerivedFrom(kind));
				}
			}
		}
		Ok(g.graph)
	}

	/// What came from `root`, following `DerivedFrom` edges from parent to child for up to
	/// `max_depth` model hops from the first models:
	/// - from a model: the model itself;
	/// - from a dataset: the models whose own run used it (`TrainedOn` edges);
	/// - from a grant: every model whose consent basis holds it, directly or through a
	///   parent (`UsedGrant` edges) — every model its revocation taints.
	pub fn descendants(root: LineageNode, max_depth: u32) -> Result<LineageGraph, QueryError> {
		check_depth(max_depth)?;
		let mut g = GraphBuilder::default();
		let mut queue = VecDeque::new();
		match root {
			LineageNode::Model(id) => {
				ensure!(Models::<T>::contains_key(id), QueryError::UnknownModel(id));
				g.node(root)?;
				queue.push_back((id, 0u32));
			},
			LineageNode::Dataset(id) => {
				ensure!(T::Datasets::dataset_access(id).is_some(), QueryError::UnknownDataset(id));
				g.node(root)?;
				for (model, role) in DatasetModels::<T>::iter_prefix(id) {
					g.node(LineageNode::Model(model))?;
					g.edge(LineageNode::Model(model), root, EdgeKind::TrainedOn(role));
					queue.push_back((model, 0));
				}
			},
			LineageNode::Grant(id) => {
				ensure!(T::Consent::purposes(id).is_some(), QueryError::UnknownGrant(id));
				g.node(root)?;
				for model in GrantModels::<T>::iter_key_prefix(id) {
					g.node(LineageNode::Model(model))?;
					g.edge(LineageNode::Model(model), root, EdgeKind::UsedGrant);
					queue.push_back((model, 0));
				}
			},
		}
		while let Some((id, depth)) = queue.pop_front() {
			if depth >= max_depth {
				continue;
			}
			for (child, kind) in Children::<T>::iter_prefix(id) {
				if g.node(LineageNode::Model(child))? {
					queue.push_back((child, depth.saturating_add(1)));
				}
				g.edge(
					LineageNode::Model(child),
					LineageNode::Model(id),
					EdgeKind::DerivedFrom(kind),
				);
			}
		}
		Ok(g.graph)
	}

	/// Whether any grant in the model's consent basis has been revoked, and which, with the
	/// blocks they were revoked at.
	pub fn consent_status(model: ModelId) -> Result<ConsentStatus<BlockNumberFor<T>>, QueryError> {
		let record = Models::<T>::get(model).ok_or(QueryError::UnknownModel(model))?;
		let tainted: Vec<_> = record
			.consent_basis
			.into_iter()
			.filter_map(|grant| {
				T::Consent::revoked_at(grant).map(|revoked_at| TaintedGrant { grant, revoked_at })
			})
			.collect();
		Ok(if tainted.is_empty() { ConsentStatus::Clean } else { ConsentStatus::Tainted(tainted) })
	}

	/// The models whose consent basis holds `grant`, at most `limit` after the model
	/// `start_after`, in storage order (not id order). `next` is the cursor for the
	/// following page; a `limit` of 0 gives an empty page without one.
	pub fn impact(
		grant: GrantId,
		start_after: Option<ModelId>,
		limit: u32,
	) -> Result<Page<ModelId, ModelId>, QueryError> {
		let limit = check_page_size(limit)? as usize;
		ensure!(T::Consent::purposes(grant).is_some(), QueryError::UnknownGrant(grant));
		let mut models = match start_after {
			Some(after) => GrantModels::<T>::iter_key_prefix_from(
				grant,
				GrantModels::<T>::hashed_key_for(grant, after),
			),
			None => GrantModels::<T>::iter_key_prefix(grant),
		};
		let items: Vec<_> = models.by_ref().take(limit).collect();
		let next = match items.last() {
			Some(last) if items.len() == limit && models.next().is_some() => Some(*last),
			_ => None,
		};
		Ok(Page { items, next })
	}

	/// Indices `start..end` of a list numbered from 0 to `count`, for a page of `limit` after
	/// `start_after`, and the cursor for the following page.
	fn index_page(count: u32, start_after: Option<u32>, limit: u32) -> (u32, u32, Option<u32>) {
		let start = start_after.map_or(0, |after| after.saturating_add(1));
		let end = start.saturating_add(limit).min(count);
		let next = if end < count { end.checked_sub(1).filter(|_| limit > 0) } else { None };
		(start, end, next)
	}

	/// The evaluations of `model` in the order they were recorded, at most `limit` after
	/// index `start_after`. `next` is the cursor for the following page; a `limit` of 0
	/// gives an empty page without one.
	pub fn evaluations(
		model: ModelId,
		start_after: Option<u32>,
		limit: u32,
	) -> Result<Page<EvaluationInfoOf<T>, u32>, QueryError> {
		let limit = check_page_size(limit)?;
		ensure!(Models::<T>::contains_key(model), QueryError::UnknownModel(model));
		let (start, end, next) =
			Self::index_page(EvaluationCount::<T>::get(model), start_after, limit);
		let items = (start..end)
			.filter_map(|index| {
				Evaluations::<T>::get(model, index).map(|e| EvaluationInfo {
					index,
					evaluator: e.evaluator,
					dataset: e.dataset,
					metric: e.metric.into_inner(),
					value: e.value,
					evidence_hash: e.evidence_hash,
					at: e.at,
					deposit: e.deposit,
				})
			})
			.collect();
		Ok(Page { items, next })
	}

	/// The decision anchors of `model` in the order they were made, at most `limit` after
	/// index `start_after`. `next` as for [`Self::evaluations`].
	pub fn anchors(
		model: ModelId,
		start_after: Option<u32>,
		limit: u32,
	) -> Result<Page<AnchorInfoOf<T>, u32>, QueryError> {
		let limit = check_page_size(limit)?;
		ensure!(Models::<T>::contains_key(model), QueryError::UnknownModel(model));
		let (start, end, next) = Self::index_page(AnchorCount::<T>::get(model), start_after, limit);
		let items = (start..end)
			.filter_map(|index| {
				DecisionAnchors::<T>::get(model, index).map(|a| AnchorInfo {
					index,
					submitter: a.submitter,
					merkle_root: a.merkle_root,
					count: a.count,
					at: a.at,
					deposit: a.deposit,
				})
			})
			.collect();
		Ok(Page { items, next })
	}
}

#[cfg(any(feature = "try-runtime", test))]
impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants; see the storage docs and the checks below.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let next_id = NextModelId::<T>::get();
		let mut model_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut evaluation_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut anchor_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();

		let mut models = 0u64;
		for (id, record) in Models::<T>::iter() {
			models = models.saturating_add(1);
			ensure!(id < next_id, "model id not below NextModelId");
			ensure!(
				ModelByWeightsHash::<T>::get(record.weights_hash) == Some(id),
				"model not indexed by its weights hash"
			);
			let mut expected_basis = BTreeSet::new();
			for (parent, kind) in &record.run.parents {
				ensure!(*parent < id, "parent registered after its child");
				let parent_record = Models::<T>::get(parent).ok_or("parent model missing")?;
				ensure!(
					Children::<T>::get(parent, id) == Some(*kind),
					"child edge missing or of another kind"
				);
				expected_basis.extend(parent_record.consent_basis);
			}
			for input in &record.run.inputs {
				ensure!(
					DatasetModels::<T>::get(input.dataset, id) == Some(input.role),
					"dataset index missing or of another role"
				);
				expected_basis.insert(input.grant);
			}
			ensure!(
				record.consent_basis.windows(2).all(|w| matches!(w, [a, b] if a < b)),
				"consent basis not sorted or with repeats"
			);
			ensure!(
				record.consent_basis.len() <= T::MaxBasisGrants::get() as usize,
				"consent basis over MaxBasisGrants"
			);
			ensure!(
				record.consent_basis.iter().copied().collect::<BTreeSet<_>>() == expected_basis,
				"consent basis differs from the inputs' grants and the parents' bases"
			);
			for grant in &record.consent_basis {
				ensure!(
					GrantModels::<T>::contains_key(grant, id),
					"basis grant missing from the grant index"
				);
			}
			let held = model_deposits.entry(record.owner).or_default();
			*held = held.saturating_add(record.deposit);
		}

		let mut indexed = 0u64;
		for (hash, id) in ModelByWeightsHash::<T>::iter() {
			indexed = indexed.saturating_add(1);
			ensure!(
				Models::<T>::get(id).map(|r| r.weights_hash) == Some(hash),
				"weights hash index points to another model"
			);
		}
		ensure!(indexed == models, "weights hash index and models differ in number");

		for (parent, child, kind) in Children::<T>::iter() {
			ensure!(Models::<T>::contains_key(parent), "child edge from a missing model");
			ensure!(
				Models::<T>::get(child).is_some_and(|r| r.run.parents.contains(&(parent, kind))),
				"child edge disagrees with the child's parents"
			);
		}
		for (dataset, model, role) in DatasetModels::<T>::iter() {
			ensure!(
				Models::<T>::get(model).is_some_and(|r| r
					.run
					.inputs
					.iter()
					.any(|i| i.dataset == dataset && i.role == role)),
				"dataset index disagrees with the model's inputs"
			);
		}
		for (grant, model, ()) in GrantModels::<T>::iter() {
			ensure!(
				Models::<T>::get(model)
					.is_some_and(|r| r.consent_basis.binary_search(&grant).is_ok()),
				"grant index disagrees with the model's consent basis"
			);
		}

		let mut evaluations_per_model: BTreeMap<ModelId, u32> = BTreeMap::new();
		for (model, index, evaluation) in Evaluations::<T>::iter() {
			ensure!(Models::<T>::contains_key(model), "evaluation of a missing model");
			ensure!(index < EvaluationCount::<T>::get(model), "evaluation index not below count");
			let n = evaluations_per_model.entry(model).or_default();
			*n = n.saturating_add(1);
			let held = evaluation_deposits.entry(evaluation.evaluator).or_default();
			*held = held.saturating_add(evaluation.deposit);
		}
		for (model, count) in EvaluationCount::<T>::iter() {
			ensure!(Models::<T>::contains_key(model), "evaluation count of a missing model");
			ensure!(count <= T::MaxEvaluations::get(), "more evaluations than MaxEvaluations");
			ensure!(
				evaluations_per_model.get(&model).copied().unwrap_or(0) == count,
				"evaluation count disagrees with the evaluations stored"
			);
		}

		let mut anchors_per_model: BTreeMap<ModelId, u32> = BTreeMap::new();
		for (model, index, anchor) in DecisionAnchors::<T>::iter() {
			ensure!(Models::<T>::contains_key(model), "anchor of a missing model");
			ensure!(index < AnchorCount::<T>::get(model), "anchor index not below count");
			ensure!(anchor.count > 0, "anchor of no decisions");
			let n = anchors_per_model.entry(model).or_default();
			*n = n.saturating_add(1);
			let held = anchor_deposits.entry(anchor.submitter).or_default();
			*held = held.saturating_add(anchor.deposit);
		}
		for (model, count) in AnchorCount::<T>::iter() {
			ensure!(Models::<T>::contains_key(model), "anchor count of a missing model");
			ensure!(count <= T::MaxAnchors::get(), "more anchors than MaxAnchors");
			ensure!(
				anchors_per_model.get(&model).copied().unwrap_or(0) == count,
				"anchor count disagrees with the anchors stored"
			);
		}

		// Every account: those that owe deposits, and any other that holds something.
		let accounts = frame_system::Account::<T>::iter_keys()
			.chain(model_deposits.keys().cloned())
			.chain(evaluation_deposits.keys().cloned())
			.chain(anchor_deposits.keys().cloned())
			.collect::<BTreeSet<_>>();
		let checks = [
			(
				HoldReason::ModelDeposit,
				&model_deposits,
				"model deposit held differs from the models owned",
			),
			(
				HoldReason::EvaluationDeposit,
				&evaluation_deposits,
				"evaluation deposit held differs from the evaluations made",
			),
			(
				HoldReason::AnchorDeposit,
				&anchor_deposits,
				"anchor deposit held differs from the anchors made",
			),
		];
		for who in accounts {
			for (reason, deposits, message) in &checks {
				let reason: T::RuntimeHoldReason = (*reason).into();
				ensure!(
					T::Currency::balance_on_hold(&reason, &who)
						== deposits.get(&who).copied().unwrap_or_default(),
					*message
				);
			}
		}
		Ok(())
	}
}

/// What other pallets (the rewards pallet) read about a model: one record read.
impl<T: Config> provenance_primitives::ModelInspect<T::AccountId> for Pallet<T> {
	type MaxParents = T::MaxParents;
	type MaxInputs = T::MaxInputs;

	fn model(
		id: ModelId,
	) -> Option<provenance_primitives::ModelSummary<T::AccountId, T::MaxParents, T::MaxInputs>> {
		Models::<T>::get(id).map(|record| provenance_primitives::ModelSummary {
			owner: record.owner,
			// Same bounds as the record's, so nothing is cut.
			parents: BoundedVec::truncate_from(
				record.run.parents.iter().map(|(parent, _)| *parent).collect(),
			),
			inputs: BoundedVec::truncate_from(
				record
					.run
					.inputs
					.iter()
					.map(|input| provenance_primitives::ModelInput {
						dataset: input.dataset,
						role: input.role,
						grant: input.grant,
					})
					.collect(),
			),
			min_derivative_share: match record.policy {
				DerivativePolicy::RoyaltyRequired { min_share } => Some(min_share),
				DerivativePolicy::Open | DerivativePolicy::OwnerOnly => None,
			},
		})
	}

	fn model_exists(id: ModelId) -> bool {
		Models::<T>::contains_key(id)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_model(
		owner: &T::AccountId,
		parents: &[ModelId],
		inputs: u32,
	) -> Result<(ModelId, Vec<DatasetId>), DispatchError> {
		use codec::MaxEncodedLen;
		use frame_support::traits::fungible::{Inspect, Mutate};

		let mut run_inputs = Vec::new();
		for _ in 0..inputs {
			let (dataset, grant) = T::Consent::benchmark_grant(owner, owner)?;
			run_inputs.push(TrainingInput { dataset, role: InputRole::Train, grant });
		}
		let datasets = run_inputs.iter().map(|input| input.dataset).collect();
		let parents: ParentsOf<T> = BoundedVec::try_from(
			parents.iter().map(|p| (*p, RunKind::FineTune)).collect::<Vec<_>>(),
		)
		.map_err(|_| DispatchError::Other("too many parents"))?;
		let inputs: InputsOf<T> = BoundedVec::try_from(run_inputs)
			.map_err(|_| DispatchError::Other("too many inputs"))?;
		// Enough for the largest deposit a record with these parents and inputs can take.
		let license: BoundedVec<u8, T::MaxLicenseLen> =
			BoundedVec::try_from(b"MIT".to_vec()).map_err(|_| Error::<T>::InvalidLicense)?;
		let bytes = license
			.len()
			.saturating_add(parents.encoded_size())
			.saturating_add(inputs.encoded_size())
			.saturating_add(BasisOf::<T>::max_encoded_len());
		let deposit = T::ModelDepositBase::get().saturating_add(
			T::ModelDepositPerByte::get()
				.saturating_mul(u32::try_from(bytes).unwrap_or(u32::MAX).into()),
		);
		let topped_up = T::Currency::balance(owner)
			.saturating_add(T::Currency::minimum_balance())
			.saturating_add(deposit);
		T::Currency::set_balance(owner, topped_up);
		let seed = NextModelId::<T>::get();
		let id = Self::do_register_model(
			owner.clone(),
			ModelSpec {
				weights_hash: BlakeTwo256::hash_of(&(b"benchmark-royalty-model", seed)),
				name: BoundedVec::default(),
				version: BoundedVec::default(),
				uri: BoundedVec::default(),
				license,
				card_hash: H256::zero(),
				policy: DerivativePolicy::Open,
			},
			RunSpec {
				kind: if parents.is_empty() { RunKind::Pretrain } else { RunKind::FineTune },
				parents,
				inputs,
				purpose: Purpose::Training,
				config_hash: H256::zero(),
				code_hash: H256::zero(),
				compute_provider: None,
			},
		)?;
		Ok((id, datasets))
	}
}
