package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeartbeatTest {

    @Test
    void pingsAQuietEdgeAndTimesOutWhenNothingFollows() {
        Heartbeat hb = new Heartbeat(20_000, 10_000);
        hb.reset(0);
        assertThat(hb.nextCheckMillis()).isEqualTo(20_000);
        assertThat(hb.check(20_000)).isEqualTo(Heartbeat.Action.PING);
        assertThat(hb.nextCheckMillis()).isEqualTo(10_000);
        assertThat(hb.check(25_000)).isEqualTo(Heartbeat.Action.WAIT);
        assertThat(hb.nextCheckMillis()).isEqualTo(5_000);
        assertThat(hb.check(30_000)).isEqualTo(Heartbeat.Action.TIMEOUT);
    }

    @Test
    void anyFrameAfterThePingKeepsTheConnection() {
        Heartbeat hb = new Heartbeat(20_000, 10_000);
        hb.reset(0);
        assertThat(hb.check(20_000)).isEqualTo(Heartbeat.Action.PING);
        hb.frameReceived(21_000);
        assertThat(hb.check(30_000)).isEqualTo(Heartbeat.Action.WAIT);
        assertThat(hb.nextCheckMillis()).isEqualTo(11_000);
    }

    @Test
    void doesNotPingAnEdgeThatTalks() {
        Heartbeat hb = new Heartbeat(20_000, 10_000);
        hb.reset(0);
        hb.frameReceived(15_000);
        assertThat(hb.check(20_000)).isEqualTo(Heartbeat.Action.WAIT);
        assertThat(hb.nextCheckMillis()).isEqualTo(15_000);
        assertThat(new Heartbeat(0, 10_000).enabled()).isFalse();
    }
}
