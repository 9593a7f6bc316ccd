//! `consent_*`: grants, whether consent is live, and access logs, at any block.
//!
//! Passing an older block hash as `at` answers "was this consent live at block N?".

use std::{marker::PhantomData, sync::Arc};

use codec::Codec;
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_consent_runtime_api::{
	AccessRecord, ConsentApi as ConsentRuntimeApi, GrantInfo, Grantee, LegalBasis,
};
use provenance_primitives::{DatasetId, DerivativeScope, GrantId, Purpose, RevocationEffect};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::traits::Block as BlockT;

use crate::{call_at, error, Page, DEFAULT_PAGE_SIZE};

/// A consent grant as `consent_*` return it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Grant<AccountId> {
	pub id: GrantId,
	pub dataset: DatasetId,
	/// The grantee's account, or `null` for a grant to anyone.
	pub grantee: Option<AccountId>,
	pub purposes: Vec<Purpose>,
	/// The first block at which the grant is no longer live.
	pub expires_at: Option<u64>,
	pub max_uses: Option<u32>,
	pub uses: u32,
	pub terms_hash: H256,
	/// Who may build on what is made under the grant: `GranteeOnly`, `NoOne` or `Anyone`.
	pub derivatives: DerivativeScope,
	/// What a revocation means for models already trained: `StopUse` or `NoNewTraining`.
	pub on_revoke: RevocationEffect,
	/// A pseudonymous reference to the data subject, if recorded.
	pub data_subject: Option<H256>,
	/// The data controller's account, if recorded.
	pub controller: Option<AccountId>,
	/// GDPR art. 6(1) basis: `Consent`, `Contract`, `LegalObligation`, `VitalInterests`,
	/// `PublicTask` or `LegitimateInterests`.
	pub legal_basis: String,
	/// ISO 3166-1 alpha-2 country code, if recorded.
	pub jurisdiction: Option<String>,
	/// Hash of the privacy notice version shown, if recorded.
	pub notice_version: Option<H256>,
	pub grantor: AccountId,
	pub granted_at: u64,
	pub revoked_at: Option<u64>,
	pub deposit: String,
	/// Not revoked, not expired and uses left in the block after the queried one: whether a
	/// use submitted at the queried block could pass.
	pub live: bool,
	/// Governance has disputed the dataset's registration; the grant stands, flagged.
	pub dataset_disputed: bool,
}

/// The name a legal basis has in JSON.
pub fn legal_basis_name(basis: LegalBasis) -> &'static str {
	match basis {
		LegalBasis::Consent => "Consent",
		LegalBasis::Contract => "Contract",
		LegalBasis::LegalObligation => "LegalObligation",
		LegalBasis::VitalInterests => "VitalInterests",
		LegalBasis::PublicTask => "PublicTask",
		LegalBasis::LegitimateInterests => "LegitimateInterests",
	}
}

/// The answer to "may `account` use `dataset` for `purpose`?" at a block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentStatus {
	pub live: bool,
	/// The grant that answers yes, if one does.
	pub grant: Option<GrantId>,
}

/// One logged use of a grant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Access<AccountId> {
	/// 0 for the grant's first use.
	pub index: u32,
	pub accessor: AccountId,
	pub purpose: Purpose,
	pub job_hash: H256,
	pub at: u64,
}

pub fn grant<AccountId, BlockNumber: Into<u64>, Balance: ToString>(
	info: GrantInfo<AccountId, BlockNumber, Balance>,
) -> Grant<AccountId> {
	Grant {
		id: info.id,
		dataset: info.dataset,
		grantee: match info.grantee {
			Grantee::Account(who) => Some(who),
			Grantee::Anyone => None,
		},
		purposes: info.purposes,
		expires_at: info.expires_at.map(Into::into),
		max_uses: info.max_uses,
		uses: info.uses,
		terms_hash: info.terms.terms_hash,
		derivatives: info.terms.derivatives,
		on_revoke: info.terms.on_revoke,
		data_subject: info.terms.data_subject,
		controller: info.terms.controller,
		legal_basis: legal_basis_name(info.terms.legal_basis).into(),
		jurisdiction: info
			.terms
			.jurisdiction
			.map(|code| String::from_utf8_lossy(&code.0).into_owned()),
		notice_version: info.terms.notice_version,
		grantor: info.grantor,
		granted_at: info.granted_at.into(),
		revoked_at: info.revoked_at.map(Into::into),
		deposit: info.deposit.to_string(),
		live: info.live,
		dataset_disputed: info.dataset_disputed,
	}
}

/// The `index`th logged use of a grant (0 for its first).
pub fn access<AccountId, BlockNumber: Into<u64>, Balance>(
	index: u32,
	record: AccessRecord<AccountId, BlockNumber, Balance>,
) -> Access<AccountId> {
	Access {
		index,
		accessor: record.accessor,
		purpose: record.purpose,
		job_hash: record.job_hash,
		at: record.at.into(),
	}
}

#[rpc(client, server)]
pub trait ConsentApi<BlockHash, AccountId> {
	/// The grant with this id, and whether a use submitted at the block could pass (it is live
	/// in the next one).
	#[method(name = "consent_getGrant", blocking)]
	fn grant(&self, id: GrantId, at: Option<BlockHash>) -> RpcResult<Grant<AccountId>>;

	/// Whether a use of `dataset` by `account` for `purpose`, submitted at the block, would pass
	/// in the next one, and under which grant.
	#[method(name = "consent_status", blocking)]
	fn status(
		&self,
		dataset: DatasetId,
		account: AccountId,
		purpose: Purpose,
		at: Option<BlockHash>,
	) -> RpcResult<ConsentStatus>;

	/// Every grant ever made on `dataset`, by ascending id.
	#[method(name = "consent_datasetGrants", blocking)]
	fn dataset_grants(
		&self,
		dataset: DatasetId,
		start_after: Option<GrantId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<Grant<AccountId>, GrantId>>;

	/// Every grant made to `account` by name, by ascending id.
	#[method(name = "consent_accountGrants", blocking)]
	fn account_grants(
		&self,
		account: AccountId,
		start_after: Option<GrantId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<Grant<AccountId>, GrantId>>;

	/// The logged uses of `grant`, oldest first.
	#[method(name = "consent_accessLog", blocking)]
	fn access_log(
		&self,
		grant: GrantId,
		start_after: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<Access<AccountId>, u32>>;
}

/// Serves `consent_*` from a client's runtime API.
///
/// The type parameters after `Block` are the runtime's, as its runtime API names them.
pub struct Consent<C, Block, AccountId, BlockNumber, Balance> {
	client: Arc<C>,
	_marker: PhantomData<fn() -> (Block, AccountId, BlockNumber, Balance)>,
}

impl<C, Block, AccountId, BlockNumber, Balance> Consent<C, Block, AccountId, BlockNumber, Balance> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

impl<C, Block, AccountId, BlockNumber, Balance> Consent<C, Block, AccountId, BlockNumber, Balance>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: ConsentRuntimeApi<Block, AccountId, BlockNumber, Balance>,
	AccountId: Codec,
	BlockNumber: Codec,
	Balance: Codec,
{
	fn call<R>(
		&self,
		at: Option<Block::Hash>,
		f: impl FnOnce(&C::Api, Block::Hash) -> Result<R, sp_api::ApiError>,
	) -> RpcResult<R> {
		call_at::<Block, C, dyn ConsentRuntimeApi<Block, AccountId, BlockNumber, Balance>, R>(
			&*self.client,
			at,
			"ConsentApi",
			f,
		)
	}
}

impl<C, Block, AccountId, BlockNumber, Balance> ConsentApiServer<Block::Hash, AccountId>
	for Consent<C, Block, AccountId, BlockNumber, Balance>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: ConsentRuntimeApi<Block, AccountId, BlockNumber, Balance>,
	AccountId: Codec + Clone + Serialize + for<'de> Deserialize<'de> + Send + Sync + 'static,
	BlockNumber: Codec + Into<u64> + Send + Sync + 'static,
	Balance: Codec + ToString + Send + Sync + 'static,
{
	fn grant(&self, id: GrantId, at: Option<Block::Hash>) -> RpcResult<Grant<AccountId>> {
		self.call(at, |api, at| api.grant(at, id))?
			.map(grant)
			.ok_or_else(|| error::not_found("grant", id))
	}

	fn status(
		&self,
		dataset: DatasetId,
		account: AccountId,
		purpose: Purpose,
		at: Option<Block::Hash>,
	) -> RpcResult<ConsentStatus> {
		let grant = self
			.call(at, |api, at| api.consent_status(at, dataset, account, purpose))?
			.map_err(error::query)?;
		Ok(ConsentStatus { live: grant.is_some(), grant })
	}

	fn dataset_grants(
		&self,
		dataset: DatasetId,
		start_after: Option<GrantId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<Grant<AccountId>, GrantId>> {
		let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
		let page = self
			.call(at, |api, at| api.dataset_grants(at, dataset, start_after, limit))?
			.map_err(error::query)?;
		Ok(Page::map(page, grant, |c| c))
	}

	fn account_grants(
		&self,
		account: AccountId,
		start_after: Option<GrantId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<Grant<AccountId>, GrantId>> {
		let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
		let page = self
			.call(at, |api, at| api.account_grants(at, account, start_after, limit))?
			.map_err(error::query)?;
		Ok(Page::map(page, grant, |c| c))
	}

	fn access_log(
		&self,
		grant: GrantId,
		start_after: Option<u32>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<Access<AccountId>, u32>> {
		let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
		let page = self
			.call(at, |api, at| api.access_log(at, grant, start_after, limit))?
			.map_err(error::query)?;
		// The log of a grant is numbered 0..uses without gaps, so a page starts right after
		// its cursor.
		let mut index = start_after.map_or(0, |c| c.saturating_add(1));
		Ok(Page::map(
			page,
			|record: AccessRecord<AccountId, BlockNumber, Balance>| {
				let entry = access(index, record);
				index = index.saturating_add(1);
				entry
			},
			|c| c,
		))
	}
}
