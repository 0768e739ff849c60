//! Writes a synthetic schema: `synthetic-schema DEFINITIONS DIRECTORY`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let (Some(count), Some(directory)) = (arguments.first().and_then(|n| n.parse::<usize>().ok()), arguments.get(1)) else {
        eprintln!("usage: synthetic-schema DEFINITIONS DIRECTORY");
        return ExitCode::from(2);
    };
    let directory = std::path::Path::new(directory);
    match std::fs::create_dir_all(directory).and_then(|()| qapi_gen_tests::synthetic::write(directory, count)) {
        Ok(top) => {
            println!("{}", top.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
