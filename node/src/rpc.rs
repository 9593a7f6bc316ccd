//! The node's RPC extensions, added to Substrate's standard methods.

use std::sync::Arc;

use jsonrpsee::RpcModule;
use provenance_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Nonce};
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC extensions need from the node.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
}

/// Builds the RPC module with `system_*` account methods, `payment_*`, and the auditor
/// queries `datasets_*`, `consent_*`, `lineage_*` and `rewards_*`.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ provenance_rpc::DatasetsRuntimeApi<Block, AccountId, Balance, BlockNumber>
		+ provenance_rpc::ConsentRuntimeApi<Block, AccountId, BlockNumber, Balance>
		+ provenance_rpc::LineageRuntimeApi<Block, AccountId, Balance, BlockNumber>
		+ provenance_rpc::RewardsRuntimeApi<Block, AccountId, Balance, BlockNumber>
		+ BlockBuilder<Block>,
	P: TransactionPool + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use provenance_rpc::{
		Consent, ConsentApiServer, Datasets, DatasetsApiServer, Lineage, LineageApiServer, Rewards,
		RewardsApiServer,
	};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module
		.merge(Datasets::<_, _, AccountId, Balance, BlockNumber>::new(client.clone()).into_rpc())?;
	module
		.merge(Consent::<_, _, AccountId, BlockNumber, Balance>::new(client.clone()).into_rpc())?;
	module
		.merge(Lineage::<_, _, AccountId, Balance, BlockNumber>::new(client.clone()).into_rpc())?;
	module.merge(Rewards::<_, _, AccountId, Balance, BlockNumber>::new(client).into_rpc())?;

	Ok(module)
}
