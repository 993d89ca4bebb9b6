# MockApiServer in a container: build with the SDK, run on the ASP.NET runtime as a non-root user.
#   docker build -t mockapiserver .
#   docker run --rm -p 8080:8080 -v mockapi-data:/data mockapiserver
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# The same script CI runs (.ci/run calls it), so this recipe is tested without a Docker engine;
# it compiles ReadyToRun for the platform this stage runs on, the runtime image's.
RUN bash .ci/publish /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
RUN mkdir -p /data && chown app:app /data
USER app
VOLUME /data
# Inside a container the server must listen on all interfaces; publish the port to choose who reaches it.
EXPOSE 8080 10053/tcp 10053/udp
HEALTHCHECK --interval=10s --timeout=3s CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /readyz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '^ok' <&3"]
ENTRYPOINT ["dotnet", "MockApiServer.dll", "--urls", "http://0.0.0.0:8080", "--db", "/data/mockapi.db"]
