//! The `iot-gateway` binary: see `iot-gateway --help` and docs/gateway.md.

use clap::Parser;
use iot_gateway::Config;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
	tracing_subscriber::fmt()
		.with_env_filter(
			EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
		)
		.init();
	let config = Config::parse();
	tokio::select! {
		result = iot_gateway::run(config) => {
			if let Err(error) = result {
				tracing::error!(%error, "iot-gateway stopped");
				std::process::exit(1);
			}
		},
		_ = tokio::signal::ctrl_c() => tracing::info!("interrupted; stopping"),
	}
}
