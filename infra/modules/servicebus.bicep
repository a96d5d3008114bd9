// Service Bus: the `preference-events` topic, where the hub publishes each change as a CloudEvent for CRMs (they
// add their own subscriptions). The hub sends with MessageId = the event's id, so duplicate detection drops the copy
// a retried activity may send; the window outlasts a task's retries at the default propagation settings (8 attempts,
// at most 10 minutes apart). The identity may only send, and only to this topic.
param name string
param location string
param principalId string

var dataSender = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'   // Azure Service Bus Data Sender

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: name
  location: location
  sku: { name: 'Standard', tier: 'Standard' }   // topics need Standard
  properties: { disableLocalAuth: true, minimumTlsVersion: '1.2' }
}

resource preferenceEvents 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' = {
  parent: namespace
  name: 'preference-events'
  properties: { requiresDuplicateDetection: true, duplicateDetectionHistoryTimeWindow: 'PT2H' }
}

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: preferenceEvents
  name: guid(preferenceEvents.id, principalId, dataSender)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSender)
  }
}

output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
output topic string = preferenceEvents.name
