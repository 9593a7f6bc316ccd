//! The records this pallet stores, and the plain views the runtime API returns.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_system::pallet_prelude::BlockNumberFor;
use provenance_primitives::{
	DatasetId, DerivativeScope, GrantId, InheritRefusal, Purpose, Purposes, RevocationEffect,
};
use scale_info::TypeInfo;
use sp_core::H256;

use crate::BalanceOf;

/// Who a grant lets use a dataset.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
)]
pub enum Grantee<AccountId> {
	/// One named account.
	Account(AccountId),
	/// Any account. Not allowed on special-category (health, biometric) datasets.
	Anyone,
}

impl<AccountId: PartialEq> Grantee<AccountId> {
	/// Whether the grantee includes `who`.
	pub fn covers(&self, who: &AccountId) -> bool {
		match self {
			Self::Account(account) => account == who,
			Self::Anyone => true,
		}
	}
}

/// The lawful basis of the processing, GDPR art. 6(1)(a)-(f).
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
pub enum LegalBasis {
	/// (a) The data subject consented.
	#[default]
	Consent,
	/// (b) Needed to perform a contract with the data subject.
	Contract,
	/// (c) Needed to comply with a legal obligation.
	LegalObligation,
	/// (d) Needed to protect someone's vital interests.
	VitalInterests,
	/// (e) A task in the public interest or official authority.
	PublicTask,
	/// (f) The controller's or a third party's legitimate interests.
	LegitimateInterests,
}

/// An ISO 3166-1 alpha-2 country code: two ASCII capital letters, e.g. `*b"DE"`.
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
pub struct CountryCode(pub [u8; 2]);

impl CountryCode {
	/// Whether both bytes are ASCII capital letters. Whether the pair is an assigned code is
	/// left to the reader: the list changes, the chain does not.
	pub fn is_well_formed(&self) -> bool {
		self.0.iter().all(u8::is_ascii_uppercase)
	}
}

/// What a grant records besides whom it lets use what: the consent record in the sense of
/// ISO/IEC TS 27560 and GDPR art. 6/7, and the grantor's terms for derivatives and
/// revocation. Fixed size: every field is a hash, an account, or a small enum.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct GrantTerms<AccountId> {
	/// Hash of the consent record (terms and receipt) the data subject agreed to.
	pub terms_hash: H256,
	/// Who may build on what is made under the grant.
	pub derivatives: DerivativeScope,
	/// What a revocation means for models already trained.
	pub on_revoke: RevocationEffect,
	/// A pseudonymous identifier or hash of the data subject (or cohort), never the person.
	pub data_subject: Option<H256>,
	/// The data controller, if it has an account.
	pub controller: Option<AccountId>,
	pub legal_basis: LegalBasis,
	/// The jurisdiction whose law the consent was given under.
	pub jurisdiction: Option<CountryCode>,
	/// Hash of the version of the privacy notice shown to the data subject.
	pub notice_version: Option<H256>,
}

impl<AccountId> GrantTerms<AccountId> {
	/// Terms with only a terms hash: derivatives by the grantee, models stop on revocation,
	/// consent as the legal basis, nothing else recorded.
	pub fn with_hash(terms_hash: H256) -> Self {
		Self {
			terms_hash,
			derivatives: DerivativeScope::default(),
			on_revoke: RevocationEffect::default(),
			data_subject: None,
			controller: None,
			legal_basis: LegalBasis::default(),
			jurisdiction: None,
			notice_version: None,
		}
	}
}

/// Why a grant cannot be used right now, in the order the checks are made.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Unusable {
	Revoked,
	Expired,
	PurposeNotCovered,
	UsesExhausted,
}

/// A consent grant. Kept forever, revoked or not: it is the record of what was agreed.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Grant<AccountId, BlockNumber, Balance> {
	pub dataset: DatasetId,
	pub grantee: Grantee<AccountId>,
	/// What the dataset may be used for under this grant. Never empty.
	pub purposes: Purposes,
	/// The first block at which the grant is no longer live: it is usable while
	/// `now < expires_at`. `None`: it does not expire.
	pub expires_at: Option<BlockNumber>,
	/// How many uses it allows. `None`: as many as a `u32` counts.
	pub max_uses: Option<u32>,
	/// How many uses have been logged.
	pub uses: u32,
	/// The consent record and the grantor's terms for derivatives and revocation.
	pub terms: GrantTerms<AccountId>,
	/// Who granted it: the dataset's owner or delegate at the time. Recorded only: authority
	/// over the grant (revoking it) belongs to whoever manages the dataset now.
	pub grantor: AccountId,
	pub granted_at: BlockNumber,
	pub revoked_at: Option<BlockNumber>,
	/// Held from the grantor for this record.
	pub deposit: Balance,
}

impl<AccountId, BlockNumber: PartialOrd, Balance> Grant<AccountId, BlockNumber, Balance> {
	/// Whether the grant has expired at `now`: `expires_at` is the first block it is not live.
	pub fn is_expired(&self, now: &BlockNumber) -> bool {
		self.expires_at.as_ref().is_some_and(|expires_at| now >= expires_at)
	}

	/// Whether every allowed use has been logged. Without `max_uses` the limit is `u32::MAX`,
	/// the most the counter holds.
	pub fn is_exhausted(&self) -> bool {
		self.uses >= self.max_uses.unwrap_or(u32::MAX)
	}

	/// Whether the grant can be used at `now` for `purpose`; the error names the first reason
	/// it cannot. This is the one liveness rule: calls, the `ConsentInspect` implementation
	/// and the runtime API all go through it (or [`Self::is_live_at`]).
	pub fn usable_for(&self, purpose: Purpose, now: &BlockNumber) -> Result<(), Unusable> {
		if self.revoked_at.is_some() {
			return Err(Unusable::Revoked);
		}
		if self.is_expired(now) {
			return Err(Unusable::Expired);
		}
		if !self.purposes.contains(&purpose) {
			return Err(Unusable::PurposeNotCovered);
		}
		if self.is_exhausted() {
			return Err(Unusable::UsesExhausted);
		}
		Ok(())
	}

	/// Whether `who` may build on what was made under the grant for `purpose` at `now`: the
	/// one inheritance rule, shared by calls and queries. Use limits do not apply: they
	/// count direct uses of the data, and building on a model is not one.
	pub fn inheritable_by(
		&self,
		who: &AccountId,
		purpose: Purpose,
		now: &BlockNumber,
	) -> Result<(), InheritRefusal>
	where
		AccountId: PartialEq,
	{
		if self.revoked_at.is_some() {
			return Err(InheritRefusal::Revoked);
		}
		if self.is_expired(now) {
			return Err(InheritRefusal::Expired);
		}
		if !self.purposes.contains(&purpose) {
			return Err(InheritRefusal::PurposeNotCovered);
		}
		let allowed = match self.terms.derivatives {
			DerivativeScope::NoOne => false,
			DerivativeScope::GranteeOnly => self.grantee.covers(who),
			DerivativeScope::Anyone => true,
		};
		if !allowed {
			return Err(InheritRefusal::DerivationNotAllowed);
		}
		Ok(())
	}

	/// Whether the grant is usable at `now` for `purpose`.
	pub fn is_live_for(&self, purpose: Purpose, now: &BlockNumber) -> bool {
		self.usable_for(purpose, now).is_ok()
	}

	/// Whether the grant is usable at `now` for some purpose: not revoked, not expired, uses
	/// left. Grants that are not stay out of the live index.
	pub fn is_live_at(&self, now: &BlockNumber) -> bool {
		self.revoked_at.is_none() && !self.is_expired(now) && !self.is_exhausted()
	}
}

/// The grant record of a runtime.
pub type GrantOf<T> =
	Grant<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, BalanceOf<T>>;

/// The grantee of a runtime.
pub type GranteeOf<T> = Grantee<<T as frame_system::Config>::AccountId>;

/// The grant terms of a runtime.
pub type GrantTermsOf<T> = GrantTerms<<T as frame_system::Config>::AccountId>;

/// One logged use of a grant.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct AccessRecord<AccountId, BlockNumber, Balance> {
	pub accessor: AccountId,
	pub purpose: Purpose,
	/// Identifies the job (e.g. a training run) the data was used for.
	pub job_hash: H256,
	/// The block it was logged in.
	pub at: BlockNumber,
	/// Held from the accessor for this record: `AccessDeposit` when logged by
	/// `record_access`, 0 when logged through `ConsentInspect::consume` (whose caller
	/// charges for it).
	pub deposit: Balance,
}

/// The access record of a runtime.
pub type AccessRecordOf<T> =
	AccessRecord<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, BalanceOf<T>>;

/// A grant id as the second key of the grant indexes: big-endian bytes under the `Identity`
/// hasher, so that iterating a prefix yields grants in ascending id order.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug,
)]
pub struct GrantKey(pub [u8; 8]);

impl From<GrantId> for GrantKey {
	fn from(id: GrantId) -> Self {
		Self(id.to_be_bytes())
	}
}

impl GrantKey {
	/// The grant id this key stands for.
	pub fn id(self) -> GrantId {
		GrantId::from_be_bytes(self.0)
	}
}

/// A grant as the runtime API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct GrantInfo<AccountId, BlockNumber, Balance> {
	pub id: GrantId,
	pub dataset: DatasetId,
	pub grantee: Grantee<AccountId>,
	/// In ascending order.
	pub purposes: Vec<Purpose>,
	/// The first block at which the grant is no longer live.
	pub expires_at: Option<BlockNumber>,
	pub max_uses: Option<u32>,
	pub uses: u32,
	pub terms: GrantTerms<AccountId>,
	pub grantor: AccountId,
	pub granted_at: BlockNumber,
	pub revoked_at: Option<BlockNumber>,
	pub deposit: Balance,
	/// Not revoked, not expired and uses left in the block after the queried one: whether a
	/// use submitted now could pass.
	pub live: bool,
	/// Governance has disputed the dataset's registration: the grant stands, flagged.
	pub dataset_disputed: bool,
}
