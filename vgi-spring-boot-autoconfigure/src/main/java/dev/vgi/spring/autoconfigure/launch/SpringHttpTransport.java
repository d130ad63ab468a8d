package dev.vgi.spring.autoconfigure.launch;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.http.HttpAuthenticator;
import dev.vgi.core.rpc.transport.WorkerTransport;

/**
 * Serves one {@link RpcServer} over HTTP from an embedded reactive Spring Boot application: prints
 * {@code PORT:<port>} on the real stdout once the server is bound and ready, then blocks until
 * the application context has been closed (by {@code SIGTERM}/{@code SIGINT} through Spring's
 * shutdown hook).
 */
final class SpringHttpTransport implements WorkerTransport {

    private final List<String> arguments;
    private final HttpAuthenticator authenticator;
    private final Consumer<String> discovery;

    /**
     * Creates the transport.
     *
     * @param arguments the embedded application's {@code --name=value} properties
     * @param authenticator registered as the application's {@link HttpAuthenticator} bean, or {@code null}
     * @param discovery receives the {@code PORT:<n>} line
     */
    SpringHttpTransport(List<String> arguments, HttpAuthenticator authenticator, Consumer<String> discovery) {
        this.arguments = List.copyOf(arguments);
        this.authenticator = authenticator;
        this.discovery = discovery;
    }

    @Override
    public void serve(RpcServer server) throws IOException {
        CountDownLatch stopped = new CountDownLatch(1);
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(VgiHttpLauncherConfiguration.class)
                    .web(WebApplicationType.REACTIVE)
                    .bannerMode(Banner.Mode.OFF)
                    .logStartupInfo(false)
                    .initializers(ctx -> {
                        // our server and its allocator, so that VgiAutoConfiguration backs off
                        var beans = ((GenericApplicationContext) ctx).getDefaultListableBeanFactory();
                        beans.registerSingleton("vgiRpcServer", server);
                        beans.registerSingleton("vgiBufferAllocator", server.allocator());
                        if (authenticator != null) {
                            beans.registerSingleton("vgiHttpAuthenticator", authenticator);
                        }
                        // Spring destroys singletons only after the web server has stopped, so
                        // when this runs no request is in flight and the caller may free memory
                        beans.registerDisposableBean("vgiHttpTransportStopped", stopped::countDown);
                    })
                    .listeners(new Ready(discovery))
                    .run(arguments.toArray(String[]::new));
        } catch (RuntimeException e) {
            throw new IOException("the HTTP server did not start: " + e.getMessage(), e);
        }
        if (!(context instanceof WebServerApplicationContext)) {
            // Spring picks the reactive context through META-INF/spring.factories; a fat jar that
            // kept only one module's copy of that file starts a context without a server and
            // would otherwise wait here forever without printing the port
            context.close();
            throw new IOException("no web server was started (" + context.getClass().getName()
                    + "); a shaded jar must merge every META-INF/spring.factories");
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.close();
        }
    }

    /** Prints the discovery line once the application is ready (the server is bound by then). */
    private static final class Ready implements ApplicationListener<ApplicationEvent> {
        private final Consumer<String> discovery;

        Ready(Consumer<String> discovery) {
            this.discovery = discovery;
        }

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (event instanceof ApplicationReadyEvent ready
                    && ready.getApplicationContext() instanceof WebServerApplicationContext web) {
                discovery.accept("PORT:" + web.getWebServer().getPort());
            }
        }
    }
}
