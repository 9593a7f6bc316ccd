//! The records this pallet stores, and the plain views the runtime API returns.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use provenance_primitives::{DatasetId, GrantId, Sensitivity};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

use crate::{BalanceOf, Config};

/// How a dataset was derived from its parent: shared with the lineage pallet.
pub use provenance_primitives::DerivationKind;

/// Whether a dataset takes new consent grants.
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
pub enum DatasetStatus {
	Active,
	/// Kept for the record; takes no new grants.
	Retired,
}

/// What an attestor vouches for. `Custom` carries the name of another kind: a bounded vector
/// on chain ([`AttestationKindOf`]), a plain one in runtime API answers.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum AttestationKind<Custom> {
	/// The data was audited for quality (labels, duplicates, coverage).
	QualityAudit,
	/// The data was checked to hold no identifying personal data.
	Deidentified,
	/// The declared licence was checked against the data's origin.
	LicenseVerified,
	Custom(Custom),
}

impl<Custom> AttestationKind<Custom> {
	/// The same kind with the custom name converted, e.g. from bounded to plain bytes.
	pub fn map_custom<Other>(self, f: impl FnOnce(Custom) -> Other) -> AttestationKind<Other> {
		match self {
			Self::QualityAudit => AttestationKind::QualityAudit,
			Self::Deidentified => AttestationKind::Deidentified,
			Self::LicenseVerified => AttestationKind::LicenseVerified,
			Self::Custom(name) => AttestationKind::Custom(f(name)),
		}
	}
}

/// The attestation kind as calls take it and storage holds it.
pub type AttestationKindOf<T> = AttestationKind<BoundedVec<u8, <T as Config>::MaxCustomKindLen>>;

/// A registered dataset.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxUriLen, MaxLicenseLen, MaxContributors))]
#[codec(mel_bound(
	AccountId: MaxEncodedLen,
	Balance: MaxEncodedLen,
	BlockNumber: MaxEncodedLen,
))]
pub struct DatasetRecord<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxUriLen: Get<u32>,
	MaxLicenseLen: Get<u32>,
	MaxContributors: Get<u32>,
> {
	pub owner: AccountId,
	/// Hash of the data's manifest. Never changes: new content is a new version.
	pub content_hash: H256,
	/// Hash of the off-chain metadata document.
	pub metadata_hash: H256,
	/// Where the data or its manifest can be fetched.
	pub uri: BoundedVec<u8, MaxUriLen>,
	/// SPDX licence id or expression.
	pub license: BoundedVec<u8, MaxLicenseLen>,
	pub sensitivity: Sensitivity,
	/// The dataset this one was derived from, and how.
	pub parent: Option<(DatasetId, DerivationKind)>,
	/// Who contributed the data and their shares of rewards. Empty: the owner takes them.
	pub contributors: BoundedVec<(AccountId, Perbill), MaxContributors>,
	/// May grant and revoke consent on the owner's behalf.
	pub delegate: Option<AccountId>,
	pub status: DatasetStatus,
	pub created_at: BlockNumber,
	/// Held from the owner for this record.
	pub deposit: Balance,
}

/// The dataset record of a runtime.
pub type DatasetRecordOf<T> = DatasetRecord<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	<T as Config>::MaxUriLen,
	<T as Config>::MaxLicenseLen,
	<T as Config>::MaxContributors,
>;

/// An attestor's statement about a dataset, backed by evidence off chain.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxCustomKindLen))]
#[codec(mel_bound(
	AccountId: MaxEncodedLen,
	Balance: MaxEncodedLen,
	BlockNumber: MaxEncodedLen,
))]
pub struct Attestation<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxCustomKindLen: Get<u32>,
> {
	pub attestor: AccountId,
	pub kind: AttestationKind<BoundedVec<u8, MaxCustomKindLen>>,
	/// Hash of the report or other evidence.
	pub evidence_hash: H256,
	/// The block it was made in.
	pub at: BlockNumber,
	/// Held from the attestor for this record.
	pub deposit: Balance,
}

/// The attestation record of a runtime.
pub type AttestationOf<T> = Attestation<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	<T as Config>::MaxCustomKindLen,
>;

/// A dataset as the runtime API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct DatasetInfo<AccountId, Balance, BlockNumber> {
	pub id: DatasetId,
	pub owner: AccountId,
	pub content_hash: H256,
	pub metadata_hash: H256,
	pub uri: Vec<u8>,
	pub license: Vec<u8>,
	pub sensitivity: Sensitivity,
	pub parent: Option<(DatasetId, DerivationKind)>,
	pub contributors: Vec<(AccountId, Perbill)>,
	pub delegate: Option<AccountId>,
	/// Who has been offered ownership and not yet accepted.
	pub pending_owner: Option<AccountId>,
	pub status: DatasetStatus,
	pub created_at: BlockNumber,
	pub deposit: Balance,
	/// Every grant under which it or an ancestor was derived by someone who did not manage
	/// the parent, ascending: revoking any of them taints it and every model trained on it.
	pub derivation_basis: Vec<GrantId>,
	/// Governance's dispute over the registration, open or resolved.
	pub dispute: Option<provenance_primitives::Dispute<AccountId, BlockNumber>>,
}

/// An attestation as the runtime API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct AttestationInfo<AccountId, BlockNumber, Balance> {
	/// Position among the dataset's attestations, from 0 in the order they were made.
	pub index: u32,
	pub attestor: AccountId,
	pub kind: AttestationKind<Vec<u8>>,
	pub evidence_hash: H256,
	pub at: BlockNumber,
	pub deposit: Balance,
}
