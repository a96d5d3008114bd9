// Service Bus: `propagation` (the hub's work queue: one subscription per target kind, chosen by the `kind`
// property the sender sets; duplicate detection on the MessageId of each retry) and `preference-events`
// (CloudEvents for CRMs, who add their own subscriptions). The identity sends to both and receives from propagation.
param name string
param location string
param principalId string

var kinds = ['sendgrid', 'sms', 'webhook']
var dataSender = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
var dataReceiver = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: name
  location: location
  sku: { name: 'Standard', tier: 'Standard' }
  properties: { disableLocalAuth: true, minimumTlsVersion: '1.2' }
}

resource propagation 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' = {
  parent: namespace
  name: 'propagation'
  properties: { requiresDuplicateDetection: true, duplicateDetectionHistoryTimeWindow: 'PT1H' }
}

resource preferenceEvents 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' = {
  parent: namespace
  name: 'preference-events'
  properties: { requiresDuplicateDetection: true, duplicateDetectionHistoryTimeWindow: 'PT10M' }
}

resource subscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2022-10-01-preview' = [for kind in kinds: {
  parent: propagation
  name: kind
  properties: { maxDeliveryCount: 10, lockDuration: 'PT5M', deadLetteringOnMessageExpiration: true }
}]

// Replaces each subscription's accept-all default rule.
resource filters 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2022-10-01-preview' = [for (kind, i) in kinds: {
  parent: subscriptions[i]
  name: '$Default'
  properties: { filterType: 'SqlFilter', sqlFilter: { sqlExpression: 'kind = \'${kind}\'' } }
}]

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: namespace
  name: guid(namespace.id, principalId, dataSender)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSender)
  }
}

resource receiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: propagation
  name: guid(propagation.id, principalId, dataReceiver)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataReceiver)
  }
}

output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
