//! The records this pallet stores, and the plain views the runtime API returns.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use provenance_primitives::{
	DatasetId, DerivationKind, GrantId, ModelId, Purpose, RevocationEffect,
};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

use crate::{BalanceOf, Config};

/// Who may register a model with this one as a parent.
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
pub enum DerivativePolicy {
	/// Anyone.
	Open,
	/// Only this model's owner.
	OwnerOnly,
	/// Anyone, owing this model's owner at least `min_share` of the derivative's rewards.
	/// This pallet only records the share; a rewards pallet enforces it.
	RoyaltyRequired { min_share: Perbill },
}

/// Where a model is in its life.
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
pub enum ModelStatus {
	Active,
	/// Superseded, but still usable as a parent.
	Deprecated,
	/// Pulled: no new models may derive from it, and no decisions may be anchored to it.
	Withdrawn,
}

/// How a model was produced from its parents and inputs.
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
pub enum RunKind {
	Pretrain,
	FineTune,
	Adapter,
	Merge,
	Distill,
	Quantize,
}

/// What a run used a dataset for: the shared role type, so that other pallets (rewards)
/// read the same values.
pub use provenance_primitives::DatasetRole as InputRole;

/// A dataset a training run used, and the consent grant it was used under.
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
pub struct TrainingInput {
	pub dataset: DatasetId,
	pub role: InputRole,
	pub grant: GrantId,
}

/// The training run that produced a model.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxParents, MaxInputs))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct TrainingRun<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxParents: Get<u32>,
	MaxInputs: Get<u32>,
> {
	/// Who ran it and registered the model.
	pub trainer: AccountId,
	pub kind: RunKind,
	/// The models it started from, each with how this model derives from it.
	pub parents: BoundedVec<(ModelId, RunKind), MaxParents>,
	/// The datasets it used, each under a consent grant consumed at registration.
	pub inputs: BoundedVec<TrainingInput, MaxInputs>,
	/// The purpose every input's consent was checked for.
	pub purpose: Purpose,
	/// Hash of the training configuration (hyperparameters, seeds).
	pub config_hash: H256,
	/// Hash of the training code.
	pub code_hash: H256,
	/// Who provided the compute, if someone other than the trainer.
	pub compute_provider: Option<AccountId>,
	/// The block the model was registered in.
	pub at: BlockNumber,
}

/// The training run of a runtime.
pub type TrainingRunOf<T> = TrainingRun<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	<T as Config>::MaxParents,
	<T as Config>::MaxInputs,
>;

/// A registered model.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(
	MaxNameLen,
	MaxVersionLen,
	MaxUriLen,
	MaxLicenseLen,
	MaxParents,
	MaxInputs,
	MaxBasisGrants
))]
#[codec(mel_bound(
	AccountId: MaxEncodedLen,
	Balance: MaxEncodedLen,
	BlockNumber: MaxEncodedLen,
))]
pub struct ModelRecord<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxNameLen: Get<u32>,
	MaxVersionLen: Get<u32>,
	MaxUriLen: Get<u32>,
	MaxLicenseLen: Get<u32>,
	MaxParents: Get<u32>,
	MaxInputs: Get<u32>,
	MaxBasisGrants: Get<u32>,
> {
	pub owner: AccountId,
	/// Hash of the weights file. Names one model chain-wide.
	pub weights_hash: H256,
	pub name: BoundedVec<u8, MaxNameLen>,
	pub version: BoundedVec<u8, MaxVersionLen>,
	/// Where the weights or the model card can be fetched.
	pub uri: BoundedVec<u8, MaxUriLen>,
	/// SPDX licence id or expression.
	pub license: BoundedVec<u8, MaxLicenseLen>,
	/// Hash of the model card.
	pub card_hash: H256,
	pub policy: DerivativePolicy,
	pub status: ModelStatus,
	pub created_at: BlockNumber,
	/// Held from the owner for this record.
	pub deposit: Balance,
	/// The run that produced the model.
	pub run: TrainingRun<AccountId, BlockNumber, MaxParents, MaxInputs>,
	/// Every grant used anywhere in the model's ancestry: its inputs' grants and every
	/// parent's basis, sorted and without repeats. Computed once, at registration, so that a
	/// consent check is a bounded scan rather than a walk of the lineage graph.
	pub consent_basis: BoundedVec<GrantId, MaxBasisGrants>,
}

/// The model record of a runtime.
pub type ModelRecordOf<T> = ModelRecord<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	<T as Config>::MaxNameLen,
	<T as Config>::MaxVersionLen,
	<T as Config>::MaxUriLen,
	<T as Config>::MaxLicenseLen,
	<T as Config>::MaxParents,
	<T as Config>::MaxInputs,
	<T as Config>::MaxBasisGrants,
>;

/// A measurement of a model by its owner, an accredited evaluator or an account the owner
/// allowed, backed by evidence off chain.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxMetricLen))]
#[codec(mel_bound(
	AccountId: MaxEncodedLen,
	Balance: MaxEncodedLen,
	BlockNumber: MaxEncodedLen,
))]
pub struct Evaluation<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxMetricLen: Get<u32>,
> {
	pub evaluator: AccountId,
	/// The benchmark dataset and the grant it was used under, if any.
	pub dataset: Option<(DatasetId, GrantId)>,
	/// The metric's name, e.g. `accuracy`.
	pub metric: BoundedVec<u8, MaxMetricLen>,
	/// Fixed point in millionths: 0.9123 is 912_300.
	pub value: i64,
	/// Hash of the evaluation report.
	pub evidence_hash: H256,
	/// The block it was recorded in.
	pub at: BlockNumber,
	/// Held from the evaluator for this record.
	pub deposit: Balance,
	/// Whether the evaluator was in the accredited set when it was recorded.
	pub accredited: bool,
}

/// The evaluation record of a runtime.
pub type EvaluationOf<T> = Evaluation<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	<T as Config>::MaxMetricLen,
>;

/// A batch of a model's decisions, committed to by a Merkle root so that each can later be
/// proven to have been made by this model.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct DecisionAnchor<AccountId, BlockNumber, Balance> {
	pub submitter: AccountId,
	pub merkle_root: H256,
	/// How many decisions the root commits to. Never 0.
	pub count: u32,
	/// The block it was anchored in.
	pub at: BlockNumber,
	/// Held from the submitter for this record.
	pub deposit: Balance,
}

/// The decision anchor of a runtime.
pub type DecisionAnchorOf<T> =
	DecisionAnchor<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, BalanceOf<T>>;

/// A training run as the runtime API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct TrainingRunInfo<AccountId, BlockNumber> {
	pub trainer: AccountId,
	pub kind: RunKind,
	pub parents: Vec<(ModelId, RunKind)>,
	pub inputs: Vec<TrainingInput>,
	pub purpose: Purpose,
	pub config_hash: H256,
	pub code_hash: H256,
	pub compute_provider: Option<AccountId>,
	pub at: BlockNumber,
}

/// A model as the runtime API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ModelInfo<AccountId, Balance, BlockNumber> {
	pub id: ModelId,
	pub owner: AccountId,
	pub weights_hash: H256,
	pub name: Vec<u8>,
	pub version: Vec<u8>,
	pub uri: Vec<u8>,
	pub license: Vec<u8>,
	pub card_hash: H256,
	pub policy: DerivativePolicy,
	pub status: ModelStatus,
	pub created_at: BlockNumber,
	pub deposit: Balance,
	pub run: TrainingRunInfo<AccountId, BlockNumber>,
	/// Sorted, without repeats.
	pub consent_basis: Vec<GrantId>,
	/// Governance's dispute over the registration, open or resolved.
	pub dispute: Option<provenance_primitives::Dispute<AccountId, BlockNumber>>,
}

/// An evaluation as the runtime API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct EvaluationInfo<AccountId, Balance, BlockNumber> {
	/// Position among the model's evaluations, from 0 in the order they were recorded.
	pub index: u32,
	pub evaluator: AccountId,
	pub dataset: Option<(DatasetId, GrantId)>,
	pub metric: Vec<u8>,
	/// Fixed point in millionths.
	pub value: i64,
	pub evidence_hash: H256,
	pub at: BlockNumber,
	pub deposit: Balance,
	/// Recorded by an accredited evaluator.
	pub accredited: bool,
}

/// A decision anchor as the runtime API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct AnchorInfo<AccountId, Balance, BlockNumber> {
	/// Position among the model's anchors, from 0 in the order they were made.
	pub index: u32,
	pub submitter: AccountId,
	pub merkle_root: H256,
	pub count: u32,
	pub at: BlockNumber,
	pub deposit: Balance,
}

/// A node of the lineage graph.
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
pub enum LineageNode {
	Model(ModelId),
	Dataset(DatasetId),
	Grant(GrantId),
}

/// What an edge of the lineage graph means.
#[derive(Encode, Decode, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub enum EdgeKind {
	/// From a child model to a parent it was derived from this way.
	DerivedFrom(RunKind),
	/// From a model to a dataset its run used in this role.
	TrainedOn(InputRole),
	/// From a model to a grant in its consent basis.
	UsedGrant,
	/// From a grant to the dataset it is on.
	GrantOn,
	/// From a derived dataset to the dataset it was derived from this way.
	DatasetDerivedFrom(DerivationKind),
	/// From a derived dataset to a grant in its derivation basis: revoking the grant
	/// taints it.
	DerivedUnder,
}

/// A directed edge of the lineage graph.
#[derive(Encode, Decode, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct LineageEdge {
	pub from: LineageNode,
	pub to: LineageNode,
	pub kind: EdgeKind,
}

/// Part of the lineage graph: every edge's ends are among `nodes`.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
pub struct LineageGraph {
	/// In the order they were reached, the starting node first; no repeats.
	pub nodes: Vec<LineageNode>,
	pub edges: Vec<LineageEdge>,
	/// Models in `nodes` whose next models were not followed because the walk reached its
	/// `max_depth`: their parents for `ancestors`, their children for `descendants`. Empty
	/// when the answer is complete; otherwise ask again from each of them to continue.
	pub frontier: Vec<ModelId>,
}

/// A revoked grant in a model's consent basis.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct TaintedGrant<BlockNumber> {
	pub grant: GrantId,
	/// The block the grant was revoked at.
	pub revoked_at: BlockNumber,
	/// What the grantor said a revocation means for this model: stop using it, or keep
	/// using it without training anything new on it.
	pub effect: RevocationEffect,
}

/// Whether a model's ancestry used consent that has since been revoked.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub enum ConsentStatus<BlockNumber> {
	/// No grant in the consent basis is revoked.
	Clean,
	/// These grants in the consent basis are revoked, in ascending grant order.
	Tainted(Vec<TaintedGrant<BlockNumber>>),
}

/// An account a model's owner allowed to record evaluations of the model, with the deposit
/// held from whoever allowed it.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Allowance<AccountId, Balance> {
	/// Who allowed it (the owner then) and pays for the entry.
	pub by: AccountId,
	pub deposit: Balance,
}

/// The evaluator allowance of a runtime.
pub type AllowanceOf<T> = Allowance<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
