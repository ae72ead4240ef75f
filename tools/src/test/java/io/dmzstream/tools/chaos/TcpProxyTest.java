package io.dmzstream.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class TcpProxyTest {
    @Test
    void forwardsRefusesWhileStoppedAndForwardsAgainOnTheSamePort() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             TcpProxy proxy = new TcpProxy("127.0.0.1", echo.getLocalPort())) {
            Thread server = new Thread(() -> {
                while (!echo.isClosed()) {
                    try (Socket s = echo.accept()) {
                        s.getOutputStream().write(s.getInputStream().read() + 1);
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            server.setDaemon(true);
            server.start();
            proxy.start();
            assertEquals(42, roundTrip(proxy.port(), 41));
            proxy.stop();
            assertThrows(ConnectException.class, () -> roundTrip(proxy.port(), 1));
            proxy.start();
            assertEquals(8, roundTrip(proxy.port(), 7));
        }
    }

    private static int roundTrip(int port, int value) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write(value);
            return s.getInputStream().read();
        }
    }
}
