//! The blocking QMP client against a scripted fake server.

#![cfg(all(feature = "client", unix))]
#![allow(clippy::unwrap_used, missing_docs)]

mod fake;

use std::time::{Duration, Instant};

use fake::{DeviceDelCommand, Event, QueryStatus, SHORT, Server, StatusInfo, options};
use qapi_runtime::client::{Capability, Client, CloseReason, Error, Greeting, UnplugOutcome, Waiting};
use qapi_runtime::{Command, Empty, UnknownEvent};
use serde_json::{Value, json};

#[test]
fn connects_and_types_the_greeting() {
    let server = Server::unix(|conn| {
        let negotiation = conn.handshake();
        assert_eq!(negotiation.get("arguments"), None, "oob is off by default");
        conn.wait_closed();
    });
    let client: Client = Client::connect_with(server.path.as_path(), &options()).unwrap();
    let version = client.greeting().version();
    assert_eq!((version.qemu.major, version.qemu.minor, version.qemu.micro), (10, 2, 0));
    assert_eq!(version.to_string(), "10.2.0 (v10.2.0)");
    assert!(client.greeting().offers(&Capability::Oob));
    assert!(!client.oob_enabled());
    drop(client);
    server.finish();
}

#[test]
fn greeting_with_unknown_capabilities_round_trips() {
    let text = r#"{"QMP":{"version":{"qemu":{"micro":1,"minor":0,"major":12},"package":"","build":"x"},"capabilities":["oob","teleport",{"future":true}],"motd":"hi"}}"#;
    let greeting: Greeting = serde_json::from_str(text).unwrap();
    assert_eq!(greeting.qmp.capabilities, vec![Capability::Oob, Capability::Other("teleport".into()), Capability::Raw(json!({"future": true}))]);
    // Equal JSON again (QEMU's member order inside `qemu` is not kept).
    assert_eq!(serde_json::to_value(&greeting).unwrap(), serde_json::from_str::<Value>(text).unwrap());

    let server = Server::unix(move |conn| {
        conn.send_raw(&format!("{text}\n"));
        let negotiation = conn.expect("qmp_capabilities");
        assert_eq!(negotiation["arguments"], json!({"enable": ["oob"]}));
        conn.reply(&negotiation, json!({}));
        conn.wait_closed();
    });
    let client: Client = Client::connect_with(server.path.as_path(), &options().oob(true)).unwrap();
    assert!(client.oob_enabled());
    assert_eq!(client.greeting(), &greeting);
    drop(client);
    server.finish();
}

#[test]
fn execute_matches_the_reply_by_id_with_events_in_between() {
    let server = Server::unix(|conn| {
        conn.handshake();
        let command = conn.expect("query-status");
        assert_eq!(command.get("arguments"), None);
        conn.event("STOP", json!({}));
        conn.send(&json!({"return": {"running": false, "status": "wrong"}, "id": "someone-else"}));
        conn.event("DEVICE_DELETED", json!({"path": "/machine/peripheral-anon/device[0]"}));
        conn.reply(&command, json!({"running": true, "status": "running"}));
        conn.wait_closed();
    });
    let client: Client<Event> = Client::connect_with(server.path.as_path(), &options()).unwrap();
    let status = client.execute(QueryStatus {}).unwrap();
    assert_eq!(status, StatusInfo { running: true, status: "running".into() });
    assert_eq!(client.unmatched_replies(), 1);
    match client.next_event(Some(SHORT)).unwrap() {
        Event::Unknown(UnknownEvent { event, .. }) => assert_eq!(event, "STOP"),
        other => panic!("unexpected {other:?}"),
    }
    match client.next_event(Some(SHORT)).unwrap() {
        Event::DeviceDeleted(message) => assert_eq!(message.data.path, "/machine/peripheral-anon/device[0]"),
        other => panic!("unexpected {other:?}"),
    }
    drop(client);
    server.finish();
}

#[test]
fn typed_commands_raw_commands_and_errors() {
    let server = Server::unix(|conn| {
        conn.handshake();
        let command = conn.expect("device_del");
        assert_eq!(command["arguments"], json!({"id": "nic0"}));
        conn.error(&command, "DeviceNotFound", "Device 'nic0' not found");
        let command = conn.expect("x-frobnicate");
        assert_eq!(command["arguments"], json!({"level": 3}));
        conn.reply(&command, json!([1, 2]));
        let command = conn.expect("query-status");
        conn.reply(&command, json!({"running": "yes"}));
        let command = conn.expect("query-status");
        conn.send(&json!({"return": {}, "error": {"class": "GenericError", "desc": "?"}, "id": command["id"]}));
        conn.wait_closed();
    });
    let client: Client = Client::connect_with(server.path.as_path(), &options()).unwrap();
    match client.execute(DeviceDelCommand { id: "nic0".into() }) {
        Err(Error::Qmp(error)) => assert_eq!((error.class.as_str(), error.desc.as_str()), ("DeviceNotFound", "Device 'nic0' not found")),
        other => panic!("unexpected {other:?}"),
    }
    let value = client.execute_raw(json!({"execute": "x-frobnicate", "arguments": {"level": 3}})).unwrap();
    assert_eq!(value, json!([1, 2]));
    match client.execute(QueryStatus {}) {
        Err(Error::Decode { raw, .. }) => assert_eq!(raw, json!({"running": "yes"})),
        other => panic!("unexpected {other:?}"),
    }
    assert!(matches!(client.execute(QueryStatus {}), Err(Error::Protocol { .. })));
    assert!(matches!(client.execute_raw(json!(["device_del"])), Err(Error::Protocol { .. })));
    assert!(matches!(client.execute_oob(QueryStatus {}), Err(Error::OobNotNegotiated)));
    drop(client);
    server.finish();
}

#[test]
fn out_of_band_replies_may_overtake() {
    let server = Server::unix(|conn| {
        let negotiation = conn.handshake();
        assert_eq!(negotiation["arguments"], json!({"enable": ["oob"]}));
        let (first, second) = fake::in_band_then_oob(conn.recv(), conn.recv());
        assert_eq!(first["execute"], "query-status");
        assert_eq!(second["exec-oob"], "x-oob-ping");
        conn.reply(&second, json!("pong"));
        conn.event("STOP", json!({}));
        conn.reply(&first, json!({"running": true, "status": "running"}));
        conn.wait_closed();
    });
    let client: Client = Client::connect_with(server.path.as_path(), &options().oob(true)).unwrap();
    std::thread::scope(|scope| {
        let slow = scope.spawn(|| client.execute(QueryStatus {}));
        // Let the in-band command go first (the server accepts either order).
        std::thread::sleep(Duration::from_millis(50));
        let fast = client.execute_raw(json!({"exec-oob": "x-oob-ping"})).unwrap();
        assert_eq!(fast, json!("pong"));
        assert!(slow.join().unwrap().unwrap().running);
    });
    assert_eq!(client.next_event(Some(SHORT)).unwrap()["event"], "STOP");
    drop(client);
    server.finish();
}

#[test]
fn a_server_closing_mid_reply_wakes_every_pending_command() {
    let server = Server::unix(|conn| {
        conn.handshake();
        conn.expect("query-status");
        conn.expect("query-status");
        conn.event("STOP", json!({}));
        conn.send_raw(r#"{"return": {"running": tr"#);
    });
    let client: Client = Client::connect_with(server.path.as_path(), &options()).unwrap();
    std::thread::scope(|scope| {
        let one = scope.spawn(|| client.execute(QueryStatus {}));
        let two = scope.spawn(|| client.execute(QueryStatus {}));
        for result in [one.join().unwrap(), two.join().unwrap()] {
            match result {
                Err(Error::Closed(CloseReason::Truncated { partial })) => assert_eq!(partial, r#"{"return": {"running": tr"#),
                other => panic!("unexpected {other:?}"),
            }
        }
    });
    // The event that came before the end is still delivered, then the stream ends.
    let events: Vec<_> = client.events().collect();
    assert_eq!(events.len(), 1);
    assert!(matches!(client.closed(), Some(CloseReason::Truncated { .. })));
    assert!(matches!(client.execute(QueryStatus {}), Err(Error::Closed(_))));
    server.finish();
}

#[test]
fn garbage_closes_the_connection_with_an_error() {
    let server = Server::unix(|conn| {
        conn.handshake();
        conn.expect("query-status");
        conn.send_raw("this is not JSON\n");
        conn.wait_closed();
    });
    let client: Client = Client::connect_with(server.path.as_path(), &options()).unwrap();
    match client.execute(QueryStatus {}) {
        Err(Error::Closed(CloseReason::Garbage { line, .. })) => assert_eq!(line, "this is not JSON"),
        other => panic!("unexpected {other:?}"),
    }
    drop(client);
    server.finish();
}

#[test]
fn garbage_instead_of_a_greeting_fails_the_connect() {
    let server = Server::unix(|conn| {
        conn.send_raw("[1, 2, 3]\n");
        conn.wait_closed();
    });
    match Client::<Value>::connect_with(server.path.as_path(), &options()) {
        Err(Error::Closed(CloseReason::Garbage { .. })) => {}
        other => panic!("unexpected {other:?}"),
    }
    server.finish();
}

#[test]
fn a_greeting_of_the_wrong_shape_is_a_decode_error() {
    let server = Server::unix(|conn| {
        conn.send_raw("{\"QMP\": {\"capabilities\": []}}\n");
        conn.wait_closed();
    });
    match Client::<Value>::connect_with(server.path.as_path(), &options()) {
        Err(Error::Decode { raw, .. }) => assert_eq!(raw, json!({"QMP": {"capabilities": []}})),
        other => panic!("unexpected {other:?}"),
    }
    server.finish();
}

#[test]
fn connect_times_out_without_a_greeting() {
    let server = Server::unix(|conn| conn.wait_closed());
    let started = Instant::now();
    match Client::<Value>::connect_with(server.path.as_path(), &options().connect_timeout(Some(SHORT))) {
        Err(Error::Timeout(Waiting::Connect)) => {}
        other => panic!("unexpected {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(3));
    server.finish();
}

#[test]
fn connect_fails_without_a_server() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(Client::<Value>::connect_with(dir.path().join("none.sock"), &options()), Err(Error::Io(_))));
}

#[test]
fn commands_and_event_waits_time_out() {
    let (tell, told) = std::sync::mpsc::channel::<()>();
    let server = Server::unix(move |conn| {
        conn.handshake();
        let command = conn.expect("query-status");
        told.recv_timeout(fake::PATIENCE).unwrap();
        conn.reply(&command, json!({"running": true, "status": "running"}));
        let command = conn.expect("query-status");
        conn.reply(&command, json!({"running": true, "status": "running"}));
        conn.wait_closed();
    });
    let client: Client = Client::connect_with(server.path.as_path(), &options().command_timeout(Some(SHORT))).unwrap();
    assert!(matches!(client.execute(QueryStatus {}), Err(Error::Timeout(Waiting::Command))));
    tell.send(()).unwrap();
    // The late reply is not taken for the next command's.
    assert!(client.execute(QueryStatus {}).unwrap().running);
    assert_eq!(client.unmatched_replies(), 1);
    assert!(matches!(client.next_event(Some(SHORT)), Err(Error::Timeout(Waiting::Event))));
    assert!(matches!(client.events().next_timeout(Some(Duration::ZERO)), Err(Error::Timeout(Waiting::Event))));
    drop(client);
    server.finish();
}

#[test]
fn works_over_tcp() {
    let server = Server::tcp(|conn| {
        conn.handshake();
        let command = conn.expect("query-status");
        conn.event("RESUME", json!({}));
        conn.reply(&command, json!({"running": true, "status": "running"}));
        conn.wait_closed();
    });
    let address = server.tcp.unwrap();
    let client: Client = Client::connect_with(address, &options()).unwrap();
    assert!(client.execute(QueryStatus {}).unwrap().running);
    assert_eq!(client.next_event(Some(SHORT)).unwrap()["event"], "RESUME");
    let file = tempfile::tempfile().unwrap();
    use std::os::fd::AsFd as _;
    assert!(matches!(client.execute_raw_with_fds(json!({"execute": "getfd", "arguments": {"fdname": "x"}}), &[file.as_fd()]), Err(Error::FdPassingUnsupported)));
    drop(client);
    server.finish();
}

#[test]
fn the_buffer_drops_the_oldest_events_and_counts_them() {
    let server = Server::unix(|conn| {
        conn.handshake();
        let command = conn.expect("query-status");
        for number in 0..5 {
            conn.event("NUMBER", json!({"n": number}));
        }
        conn.reply(&command, json!({"running": true, "status": "running"}));
        conn.wait_closed();
    });
    let client: Client = Client::connect_with(server.path.as_path(), &options().event_buffer(2)).unwrap();
    client.execute(QueryStatus {}).unwrap();
    assert_eq!(client.dropped_events(), 3);
    let numbers: Vec<_> = (0..2).map(|_| client.next_event(Some(SHORT)).unwrap()["data"]["n"].clone()).collect();
    assert_eq!(numbers, vec![json!(3), json!(4)]);
    assert!(client.next_event(Some(Duration::ZERO)).is_err());
    drop(client);
    server.finish();
}

#[test]
fn events_are_read_from_another_thread() {
    let server = Server::unix(|conn| {
        conn.handshake();
        for number in 0..3 {
            conn.event("NUMBER", json!({"n": number}));
        }
    });
    let client: Client = Client::connect_with(server.path.as_path(), &options()).unwrap();
    let events = client.events();
    let reader = std::thread::spawn(move || events.map(|event| event.unwrap()["data"]["n"].clone()).collect::<Vec<_>>());
    assert_eq!(reader.join().unwrap(), vec![json!(0), json!(1), json!(2)]);
    assert!(matches!(client.closed(), Some(CloseReason::Eof)));
    server.finish();
}

#[test]
fn unplug_sees_device_deleted_before_the_reply_and_skips_children() {
    let server = Server::unix(|conn| {
        conn.handshake();
        let command = conn.expect("device_del");
        assert_eq!(command["arguments"], json!({"id": "kbd0"}));
        // A synchronous bus: the events come first, a child's before its parent's.
        conn.event("DEVICE_DELETED", json!({"path": "/machine/peripheral/kbd0/hid"}));
        conn.event("DEVICE_DELETED", json!({"device": "kbd0", "path": "/machine/peripheral/kbd0"}));
        conn.reply(&command, json!({}));
        conn.wait_closed();
    });
    let client: Client<Event> = Client::connect_with(server.path.as_path(), &options()).unwrap();
    match client.device_del("kbd0", Duration::from_secs(2)).unwrap() {
        UnplugOutcome::Deleted(event) => assert_eq!(event.data.unwrap()["path"], "/machine/peripheral/kbd0"),
        other => panic!("unexpected {other:?}"),
    }
    // The typed stream sees the same events.
    let paths: Vec<_> = (0..2)
        .map(|_| match client.next_event(Some(SHORT)).unwrap() {
            Event::DeviceDeleted(message) => message.data.path,
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(paths, vec!["/machine/peripheral/kbd0/hid", "/machine/peripheral/kbd0"]);
    drop(client);
    server.finish();
}

#[test]
fn unplug_by_path_reports_a_guest_error() {
    let server = Server::unix(|conn| {
        conn.handshake();
        let command = conn.expect("device_del");
        conn.reply(&command, json!({}));
        conn.event("DEVICE_DELETED", json!({"path": "/machine/peripheral/core1/thread0"}));
        conn.event("DEVICE_UNPLUG_GUEST_ERROR", json!({"device": "core1", "path": "/machine/peripheral/core1"}));
        conn.wait_closed();
    });
    let client: Client = Client::connect_with(server.path.as_path(), &options()).unwrap();
    match client.device_del("/machine/peripheral/core1", Duration::from_secs(2)).unwrap() {
        UnplugOutcome::GuestError(event) => assert_eq!(event.event, "DEVICE_UNPLUG_GUEST_ERROR"),
        other => panic!("unexpected {other:?}"),
    }
    drop(client);
    server.finish();
}

#[test]
fn unplug_times_out_when_no_event_comes() {
    let server = Server::unix(|conn| {
        conn.handshake();
        let command = conn.expect("device_del");
        conn.reply(&command, json!({}));
        conn.event("DEVICE_DELETED", json!({"device": "other", "path": "/machine/peripheral/other"}));
        let command = conn.expect("device_del");
        conn.error(&command, "GenericError", "Device net0 is already in the process of unplug");
        conn.wait_closed();
    });
    let client: Client = Client::connect_with(server.path.as_path(), &options()).unwrap();
    let started = Instant::now();
    assert_eq!(client.device_del("net0", SHORT).unwrap(), UnplugOutcome::TimedOut);
    assert!(started.elapsed() >= SHORT);
    match client.device_del("net0", SHORT) {
        Err(Error::Qmp(error)) => assert_eq!(error.class, "GenericError"),
        other => panic!("unexpected {other:?}"),
    }
    drop(client);
    server.finish();
}

#[test]
fn unplug_waiters_are_woken_when_the_connection_dies() {
    let server = Server::unix(|conn| {
        conn.handshake();
        let command = conn.expect("device_del");
        conn.reply(&command, json!({}));
    });
    let client: Client = Client::connect_with(server.path.as_path(), &options()).unwrap();
    assert!(matches!(client.device_del("net0", Duration::from_secs(5)), Err(Error::Closed(CloseReason::Eof))));
    server.finish();
}

#[test]
fn passes_file_descriptors() {
    use rustix::net::{RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags, recvmsg};
    use std::io::{IoSliceMut, Read as _, Seek as _, Write as _};
    use std::mem::MaybeUninit;
    use std::os::fd::AsFd as _;

    let server = Server::unix(|conn| {
        conn.handshake();
        let socket = conn.unix.take().unwrap();
        let mut bytes = vec![0; 4096];
        let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
        let mut control = RecvAncillaryBuffer::new(&mut space);
        let received = recvmsg(&socket, &mut [IoSliceMut::new(&mut bytes)], &mut control, RecvFlags::empty()).unwrap();
        let command: Value = serde_json::from_slice(bytes[..received.bytes].trim_ascii()).unwrap();
        assert_eq!(command["execute"], "getfd");
        let mut fds = Vec::new();
        for message in control.drain() {
            if let RecvAncillaryMessage::ScmRights(rights) = message {
                fds.extend(rights);
            }
        }
        assert_eq!(fds.len(), 1);
        let mut file = std::fs::File::from(fds.pop().unwrap());
        let mut text = String::new();
        file.rewind().unwrap();
        file.read_to_string(&mut text).unwrap();
        assert_eq!(text, "passed through SCM_RIGHTS");
        conn.reply(&command, json!({}));
        conn.wait_closed();
    });
    let client: Client = Client::connect_with(server.path.as_path(), &options()).unwrap();
    let mut file = tempfile::tempfile().unwrap();
    file.write_all(b"passed through SCM_RIGHTS").unwrap();
    #[derive(serde::Serialize)]
    struct Getfd {
        fdname: String,
    }
    impl Command for Getfd {
        const NAME: &'static str = "getfd";
        type Returns = Empty;
    }
    client.execute_with_fds(Getfd { fdname: "disk".into() }, &[file.as_fd()]).unwrap();
    drop(client);
    server.finish();
}

#[test]
fn an_event_that_does_not_decode_keeps_its_json_and_the_stream_goes_on() {
    let server = Server::unix(|conn| {
        conn.handshake();
        conn.event("DEVICE_DELETED", json!({"device": "nic0"}));
        conn.event("SHUTDOWN", json!({"guest": true, "reason": "guest-shutdown"}));
    });
    let client: Client<Event> = Client::connect_with(server.path.as_path(), &options()).unwrap();
    let mut events = client.events();
    match events.next() {
        Some(Err(Error::Decode { raw, .. })) => assert_eq!(raw["data"], json!({"device": "nic0"})),
        other => panic!("unexpected {other:?}"),
    }
    assert!(matches!(events.next(), Some(Ok(Event::Unknown(_)))));
    assert!(events.next().is_none());
    server.finish();
}

#[test]
fn a_line_longer_than_the_limit_closes_the_connection() {
    let server = Server::unix(|conn| {
        conn.handshake();
        conn.expect("query-status");
        conn.send_raw(&format!("{{\"return\": \"{}\"}}\n", "x".repeat(4096)));
        conn.wait_closed();
    });
    let client: Client = Client::connect_with(server.path.as_path(), &options().max_line_length(1024)).unwrap();
    assert!(matches!(client.execute(QueryStatus {}), Err(Error::Closed(CloseReason::LineTooLong { limit: 1024 }))));
    drop(client);
    server.finish();
}

#[test]
fn oob_is_not_enabled_when_the_server_does_not_offer_it() {
    let server = Server::unix(|conn| {
        conn.send_raw("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 0, \"major\": 2}, \"package\": \"\"}, \"capabilities\": []}}\n");
        let negotiation = conn.expect("qmp_capabilities");
        assert_eq!(negotiation.get("arguments"), None);
        conn.reply(&negotiation, json!({}));
        conn.wait_closed();
    });
    let client: Client = Client::connect_with(server.path.as_path(), &options().oob(true)).unwrap();
    assert!(client.greeting().capabilities().is_empty());
    assert!(!client.oob_enabled());
    assert!(matches!(client.execute_oob(QueryStatus {}), Err(Error::OobNotNegotiated)));
    assert!(matches!(client.execute_raw(json!({"exec-oob": "x-ping"})), Err(Error::OobNotNegotiated)));
    drop(client);
    server.finish();
}

#[test]
fn a_refused_negotiation_fails_the_connect() {
    let server = Server::unix(|conn| {
        conn.send_raw(fake::GREETING);
        conn.send_raw("\n");
        let negotiation = conn.expect("qmp_capabilities");
        conn.error(&negotiation, "CommandNotFound", "Capabilities negotiation is already complete, command ignored");
        conn.wait_closed();
    });
    match Client::<Value>::connect_with(server.path.as_path(), &options()) {
        Err(Error::Qmp(error)) => assert_eq!(error.class, "CommandNotFound"),
        other => panic!("unexpected {other:?}"),
    }
    server.finish();
}

#[test]
fn connect_times_out_while_the_listen_backlog_is_full() {
    use rustix::net::{AddressFamily, SocketAddrUnix, SocketType, bind, listen, socket};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("busy.sock");
    let listener = socket(AddressFamily::UNIX, SocketType::STREAM, None).unwrap();
    bind(&listener, &SocketAddrUnix::new(&path).unwrap()).unwrap();
    listen(&listener, 0).unwrap();
    // Nobody accepts: these fill the backlog, so a further connect blocks.
    let _queued: Vec<_> = (0..2).filter_map(|_| {
        let stream = socket(AddressFamily::UNIX, SocketType::STREAM, None).unwrap();
        rustix::io::ioctl_fionbio(&stream, true).unwrap();
        rustix::net::connect(&stream, &SocketAddrUnix::new(&path).unwrap()).ok().map(|()| stream)
    }).collect();
    let started = Instant::now();
    match Client::<Value>::connect_with(path.as_path(), &options().connect_timeout(Some(SHORT))) {
        Err(Error::Timeout(Waiting::Connect)) => {}
        other => panic!("unexpected {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn asks_the_server_what_it_supports() {
    let server = Server::unix(|conn| {
        conn.handshake();
        let command = conn.expect("query-qmp-schema");
        conn.reply(&command, json!([
            {"name": "device_del", "meta-type": "command", "arg-type": "0", "ret-type": "1"},
            {"name": "0", "meta-type": "object", "members": [{"name": "id", "type": "str"}]},
            {"name": "1", "meta-type": "object", "members": []},
            {"name": "str", "meta-type": "builtin", "json-type": "string"}
        ]));
        let command = conn.expect("query-qmp-schema");
        conn.reply(&command, json!([{"meta-type": "command"}]));
    });
    let client: Client<Value> = Client::connect_with(server.path.as_path(), &options()).unwrap();
    let schema = client.server_schema().unwrap();
    assert!(schema.supports::<DeviceDelCommand>() && !schema.supports::<QueryStatus>());
    assert!(schema.supports_argument("device_del", "id") && !schema.supports_argument("device_del", "force"));
    match client.server_schema() {
        Err(Error::Decode { raw, .. }) => assert_eq!(raw, json!([{"meta-type": "command"}])),
        other => panic!("unexpected {other:?}"),
    }
    drop(client);
    server.finish();
}
