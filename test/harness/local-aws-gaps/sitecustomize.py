"""What MiniStack 1.5.33 lacks for the deploy rows, given by the harness, never by the projects.

The deploy rows start MiniStack with this folder on PYTHONPATH (test/harness/local-aws.ts), so
Python loads this module first. It adds, built only on MiniStack's own code:

- CloudFormation handlers for AWS::ApiGatewayV2::Deployment and AWS::ApiGatewayV2::RouteResponse.
  Without them MiniStack's CloudFormation refuses any SAM or CDK stack with a WebSocket API
  ("Unrecognized resource types") and nothing else in that stack can be deployed either. They
  call MiniStack's API Gateway code as its CreateDeployment and CreateRouteResponse do.
- The tags CreateStream is given on a Kinesis stream (MiniStack keeps only those TagResource adds),
  without which Terraform plans a change after every apply.
- The log format and level of a function's LoggingConfig in its bootstrap's environment
  (`AWS_LAMBDA_LOG_FORMAT`, `AWS_LAMBDA_LOG_LEVEL`), as Lambda passes them: MiniStack keeps the
  setting but passes neither, so the function would log text where AWS has it log JSON.

The generated templates are deployed unchanged. Delete a part when a MiniStack release brings it
(docs/TOOLCHAINS.md lists the gaps).
"""
import json


def _result(response, what):
    status, _, body = response
    if status >= 400:
        raise ValueError(f"{what} failed: {body!r}")
    return json.loads(body) if body else {}


def _route_id(ref):
    # MiniStack's own route handler names a route `<api id>/<route id>`
    return str(ref).rpartition("/")[2]


def _register():
    from ministack.services import apigateway as api
    from ministack.services.cloudformation import provisioners

    def deployment_create(logical_id, props, stack_name):
        api_id = props.get("ApiId", "")
        made = _result(
            api._create_deployment(api_id, {"description": props.get("Description", "")}),
            "AWS::ApiGatewayV2::Deployment create",
        )
        return made["deploymentId"], {"DeploymentId": made["deploymentId"]}

    def deployment_delete(physical_id, props):
        api._delete_deployment(props.get("ApiId", ""), physical_id)

    def route_response_create(logical_id, props, stack_name):
        api_id = props.get("ApiId", "")
        made = _result(
            api._create_route_response(
                api_id,
                _route_id(props.get("RouteId", "")),
                {
                    "routeResponseKey": props.get("RouteResponseKey", "$default"),
                    "modelSelectionExpression": props.get("ModelSelectionExpression"),
                    "responseModels": props.get("ResponseModels", {}),
                    "responseParameters": props.get("ResponseParameters", {}),
                },
            ),
            "AWS::ApiGatewayV2::RouteResponse create",
        )
        return made["routeResponseId"], {"RouteResponseId": made["routeResponseId"]}

    def route_response_delete(physical_id, props):
        api._delete_route_response(props.get("ApiId", ""), _route_id(props.get("RouteId", "")), physical_id)

    for kind, create, delete in (
        ("AWS::ApiGatewayV2::Deployment", deployment_create, deployment_delete),
        ("AWS::ApiGatewayV2::RouteResponse", route_response_create, route_response_delete),
    ):
        # a MiniStack that knows the type keeps its own handler
        provisioners._RESOURCE_HANDLERS.setdefault(kind, {"create": create, "delete": delete})


def _keep_kinesis_create_tags():
    from ministack.services import kinesis

    create = kinesis._create_stream

    def create_stream(data):
        response = create(data)
        stream = kinesis._streams.get(data.get("StreamName"))
        if stream is not None and data.get("Tags"):
            stream["tags"].update(data["Tags"])
        return response

    kinesis._create_stream = create_stream


def _pass_log_format():
    from ministack.services import lambda_svc

    worker_env = lambda_svc._provided_worker_env

    def provided_worker_env(config, code_dir, port):
        env = worker_env(config, code_dir, port)
        # what Lambda passes a function with advanced logging controls (the runtime reads them)
        logging = config.get("LoggingConfig") or {}
        if str(logging.get("LogFormat", "")).upper() == "JSON":
            env["AWS_LAMBDA_LOG_FORMAT"] = "JSON"
            if logging.get("ApplicationLogLevel"):
                env["AWS_LAMBDA_LOG_LEVEL"] = str(logging["ApplicationLogLevel"]).upper()
        return env

    lambda_svc._provided_worker_env = provided_worker_env


try:
    _register()
    _keep_kinesis_create_tags()
    _pass_log_format()
except ImportError:
    # not the emulator's Python (another tool of the same environment): nothing to add
    pass
