"""CloudFormation handlers for the two ApiGatewayV2 types MiniStack 1.5.33 does not know.

The deploy rows start MiniStack with this folder on PYTHONPATH (test/harness/local-aws.ts), so
Python loads this module first. Without these types MiniStack's CloudFormation refuses any SAM or
CDK stack with a WebSocket API ("Unrecognized resource types: AWS::ApiGatewayV2::Deployment,
AWS::ApiGatewayV2::RouteResponse") and nothing else in that stack can be deployed either. The
handlers only call MiniStack's own API Gateway code, as its CreateDeployment and
CreateRouteResponse do; the generated templates are deployed unchanged. Delete this module when
a MiniStack release brings the two types (the deploy rows then no longer need it).
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


try:
    _register()
except ImportError:
    # not the emulator's Python (another tool of the same environment): nothing to add
    pass
