//! The wire format shared by the blocking and the tokio client: line
//! framing, request encoding with allocated ids, the greeting and the
//! capabilities negotiation.

use serde::Serialize;
use serde_json::{Map, Value};

use super::error::{CloseReason, Error};
use super::greeting::{Capability, Greeting};
use super::Options;
use crate::{Command, Execute};

/// Splits the byte stream into lines (QMP messages end with `\n`, QEMU
/// sends `\r\n`), refusing lines longer than the limit.
pub(crate) struct LineFramer {
    buffer: Vec<u8>,
    limit: usize,
}

impl LineFramer {
    pub(crate) fn new(limit: usize) -> Self {
        LineFramer { buffer: Vec::new(), limit }
    }

    /// Adds `bytes` and calls `each` for every complete, non-blank line,
    /// stopping at the first error (of `each`, or an overlong line).
    pub(crate) fn push(&mut self, bytes: &[u8], mut each: impl FnMut(&[u8]) -> Result<(), CloseReason>) -> Result<(), CloseReason> {
        self.buffer.extend_from_slice(bytes);
        let mut start = 0;
        while let Some(offset) = self.buffer[start..].iter().position(|&byte| byte == b'\n') {
            let line = &self.buffer[start..start + offset];
            start += offset + 1;
            if line.len() > self.limit {
                return Err(CloseReason::LineTooLong { limit: self.limit });
            }
            if !line.trim_ascii().is_empty() {
                each(line)?;
            }
        }
        self.buffer.drain(..start);
        if self.buffer.len() > self.limit {
            return Err(CloseReason::LineTooLong { limit: self.limit });
        }
        Ok(())
    }

    /// Why the stream ended, given that the server closed it now.
    pub(crate) fn end(&self) -> CloseReason {
        if self.buffer.trim_ascii().is_empty() {
            CloseReason::Eof
        } else {
            CloseReason::Truncated { partial: lossy(&self.buffer) }
        }
    }
}

/// At most 256 bytes of `bytes`, as text.
pub(crate) fn lossy(bytes: &[u8]) -> String {
    let cut = &bytes[..bytes.len().min(256)];
    String::from_utf8_lossy(cut).into_owned()
}

/// One line of a typed command: `{"execute"|"exec-oob": NAME, "arguments": …, "id": id}\n`.
pub(crate) fn encode_command<C: Command + Serialize>(arguments: C, id: u64, oob: bool) -> Result<Vec<u8>, Error> {
    let request = Execute { arguments, id: Some(Value::from(id)), oob };
    let mut line = serde_json::to_vec(&request).map_err(Error::Encode)?;
    line.push(b'\n');
    Ok(line)
}

/// One line of a raw command object, with `id` set; also says whether it
/// is `exec-oob`.
pub(crate) fn encode_raw(command: Value, id: u64) -> Result<(Vec<u8>, bool), Error> {
    let Value::Object(mut map) = command else {
        return Err(Error::Protocol { message: "a raw command must be a JSON object".into(), raw: Some(command) });
    };
    let oob = match (map.get("execute"), map.get("exec-oob")) {
        (Some(Value::String(_)), None) => false,
        (None, Some(Value::String(_))) => true,
        _ => {
            return Err(Error::Protocol {
                message: "a raw command needs a string `execute` or `exec-oob`, not both".into(),
                raw: Some(Value::Object(map)),
            });
        }
    };
    map.insert("id".into(), Value::from(id));
    let mut line = serde_json::to_vec(&map).map_err(Error::Encode)?;
    line.push(b'\n');
    Ok((line, oob))
}

/// Types the greeting message.
pub(crate) fn parse_greeting(raw: Value) -> Result<Greeting, Error> {
    match <Greeting as serde::Deserialize>::deserialize(&raw) {
        Ok(greeting) => Ok(greeting),
        Err(error) => Err(Error::Decode { error, raw }),
    }
}

/// The `qmp_capabilities` command for this greeting, and whether it
/// enables out-of-band execution.
pub(crate) fn negotiation(greeting: &Greeting, options: &Options) -> (Value, bool) {
    let oob = options.oob && greeting.offers(&Capability::Oob);
    let mut command = Map::new();
    command.insert("execute".into(), Value::from("qmp_capabilities"));
    if oob {
        command.insert("arguments".into(), serde_json::json!({ "enable": ["oob"] }));
    }
    (Value::Object(command), oob)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framer_splits_lines_and_keeps_partial_ones() {
        let mut framer = LineFramer::new(64);
        let mut lines = Vec::new();
        let result = framer.push(b"{\"a\":1}\r\n\r\n{\"b\"", |line| {
            lines.push(line.to_vec());
            Ok(())
        });
        assert!(result.is_ok());
        assert_eq!(lines, vec![b"{\"a\":1}\r".to_vec()]);
        assert!(matches!(framer.end(), CloseReason::Truncated { partial } if partial == "{\"b\""));
        let result = framer.push(b":2}\n", |line| {
            lines.push(line.to_vec());
            Ok(())
        });
        assert!(result.is_ok());
        assert_eq!(lines.len(), 2);
        assert!(matches!(framer.end(), CloseReason::Eof));
    }

    #[test]
    fn framer_refuses_overlong_lines() {
        let mut framer = LineFramer::new(4);
        assert!(matches!(framer.push(b"123456", |_| Ok(())), Err(CloseReason::LineTooLong { limit: 4 })));
        let mut framer = LineFramer::new(4);
        assert!(matches!(framer.push(b"12345\n", |_| Ok(())), Err(CloseReason::LineTooLong { limit: 4 })));
    }

    #[test]
    fn raw_commands_get_an_id() {
        let (line, oob) = encode_raw(serde_json::json!({"exec-oob": "x"}), 7).unwrap_or_default();
        assert!(oob);
        assert_eq!(line, b"{\"exec-oob\":\"x\",\"id\":7}\n");
        assert!(encode_raw(serde_json::json!([1]), 1).is_err());
        assert!(encode_raw(serde_json::json!({"execute": "a", "exec-oob": "b"}), 1).is_err());
    }
}
